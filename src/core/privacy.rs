//! The consent notice shown before a profile is stored (Nghị định 13/2023/NĐ-CP,
//! Luật Bảo vệ dữ liệu cá nhân 2025). Its version is recorded with every consent; change
//! the version whenever the text changes.

pub const CONSENT_NOTICE_VERSION: &str = "2026-11-v2";

pub const CONSENT_QUESTION: &str = "Lưu thông tin để lần sau không phải nhập lại?";

pub const CONSENT_NOTICE: &str = "Nếu Ông/Bà đồng ý, kiosk lưu các thông tin in trên thẻ căn cước của Ông/Bà \
(số định danh, họ tên, ngày sinh, giới tính, nơi thường trú, ngày cấp thẻ) để lần sau chỉ cần nhập số \
định danh và ngày sinh. Kiosk không lưu dân tộc, tôn giáo. Thông tin được xóa khi Ông/Bà không dùng trong thời hạn quy \
định, hoặc ngay khi Ông/Bà yêu cầu cán bộ tại quầy xóa. Không đồng ý thì Ông/Bà vẫn làm thủ tục bình thường.";

/// The same notice in English, for the English screens; the Vietnamese text is the one
/// consent is recorded against (same version).
pub const CONSENT_NOTICE_EN: &str = "If you agree, the kiosk keeps the details printed on your ID card \
(personal ID number, full name, date of birth, sex, place of residence, card issue date) so that next time \
you only type your ID number and date of birth. The kiosk does not keep ethnicity or religion. The details are erased when \
you have not used them within the set period, or at once when you ask the staff at the desk. If you do not \
agree, you can still complete the procedure as usual.";
