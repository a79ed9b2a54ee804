//! The table: every message in Vietnamese and in English, side by side.

use super::*;

impl Msg {
    /// The table: (Vietnamese, English).
    pub fn texts(&self) -> (String, String) {
        use Msg as M;
        let s = |vi: &str, en: &str| (vi.to_string(), en.to_string());
        match self {
            M::Card(e) => card_texts(e),
            M::ControlChars => s(
                "Nội dung có ký tự điều khiển, không in được. Vui lòng nhập lại.",
                "The text holds control characters, which cannot be printed. Please enter it again.",
            ),
            M::TooLong { max } => (
                format!("Nội dung quá dài (tối đa {max} ký tự). Vui lòng viết ngắn gọn hơn."),
                format!("The text is too long (at most {max} characters). Please make it shorter."),
            ),
            M::BadName => s(
                "Họ tên chỉ gồm chữ cái và dấu cách, không có số hay ký hiệu. Vui lòng nhập lại.",
                "A name has only letters and spaces, no digits or symbols. Please type it again.",
            ),
            M::BadDate => s(
                "Ngày không hợp lệ. Vui lòng nhập ngày có thật, theo dạng ngày/tháng/năm, ví dụ 05/02/2026.",
                "That date does not exist. Please enter a real date as day/month/year, for example 05/02/2026.",
            ),
            M::FutureDate => s("Ngày này ở tương lai. Vui lòng kiểm tra lại.", "That date is in the future. Please check it."),
            M::YearBefore1900 => s("Năm phải từ 1900 trở về sau. Vui lòng kiểm tra lại.", "The year must be 1900 or later. Please check it."),
            M::YearDigits => s("Năm cần đủ 4 chữ số, ví dụ 1990.", "A year has 4 digits, for example 1990."),
            M::BadYear => s("Năm không hợp lệ. Vui lòng kiểm tra lại.", "That year is not valid. Please check it."),
            M::BadTime => s(
                "Giờ không hợp lệ. Vui lòng nhập giờ và phút, ví dụ 14:30.",
                "That time is not valid. Please enter hours and minutes, for example 14:30.",
            ),
            M::BadIdNumber => s(
                "Số định danh cá nhân gồm đúng 12 chữ số (in trên thẻ căn cước). Vui lòng nhập lại.",
                "A personal ID number has exactly 12 digits (printed on the ID card). Please type it again.",
            ),
            M::BadPhone => s(
                "Số điện thoại gồm 10 chữ số và bắt đầu bằng số 0, ví dụ 0912345678.",
                "A phone number has 10 digits and starts with 0, for example 0912345678.",
            ),
            M::BadEmail => s("Địa chỉ thư điện tử không hợp lệ, ví dụ ten@gmail.com.", "That email address is not valid; for example name@gmail.com."),
            M::BadGender => s("Giới tính là Nam hoặc Nữ.", "Sex is Nam (male) or Nữ (female)."),
            M::BadEthnicity => s(
                "Không có dân tộc này trong danh mục 54 dân tộc. Vui lòng chọn trong danh sách.",
                "That ethnic group is not among the 54 of the official list. Please choose from the list.",
            ),
            M::BadNationality => s("Quốc tịch chỉ gồm chữ cái, ví dụ Việt Nam.", "A nationality has only letters, for example Việt Nam."),
            M::AddressParts => s(
                "Địa chỉ cần có xã/phường và tỉnh/thành phố, ví dụ: Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp.",
                "An address needs the commune or ward and the province or city, for example: Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp.",
            ),
            M::UnknownProvince => s(
                "Không tìm thấy tỉnh/thành phố này trong danh sách 34 tỉnh, thành phố từ 01/7/2025. Vui lòng chọn trong danh sách.",
                "That province or city is not among the 34 of 1 July 2025. Please choose from the list.",
            ),
            M::UnknownCommune => s(
                "Không tìm thấy xã/phường này trong tỉnh/thành phố đã ghi (theo danh sách từ 01/7/2025). Vui lòng chọn trong danh sách.",
                "No such commune or ward in the province given (2025 list from 01/7/2025). Please choose from the list.",
            ),
            M::ChooseOne { options } => (format!("Vui lòng chọn một trong: {options}."), format!("Please choose one of: {options}.")),
            M::ChooseYesNo => s("Vui lòng chọn Có hoặc Không.", "Please choose Có (yes) or Không (no)."),
            M::NotANumber => s("Vui lòng nhập một số, ví dụ 1.", "Please enter a number, for example 1."),
            M::CountRange { lo, hi } => (format!("Số lượng từ {lo} đến {hi}."), format!("The number must be from {lo} to {hi}.")),
            M::TableByRows => s("Bảng được nhập theo từng dòng.", "A table is entered row by row."),
            M::InRow { row, column, why } => {
                let (vi, en) = why.texts();
                (format!("Dòng {row}, cột “{column}”: {vi}"), format!("Row {row}, column “{column}”: {en}"))
            }
            M::UnknownColumn { columns } => (format!("Có cột không thuộc bảng; các cột là: {columns}."), format!("A column is not the table's; its columns are: {columns}.")),
            M::EmptyCell => s("Chưa điền.", "Not filled in."),
            M::TooManyRows { max } => (format!("Bảng có tối đa {max} dòng."), format!("A table has at most {max} rows.")),
            M::Unprintable => s(
                "Có ký tự không in được trên tờ khai (chữ nước ngoài, biểu tượng). Vui lòng chỉ dùng chữ tiếng Việt, chữ số và dấu câu.",
                "Some characters cannot be printed on the form (another script, symbols). Please use only Vietnamese letters, digits and punctuation.",
            ),
            M::TableExpected => s("Mục này là một bảng; vui lòng nhập từng dòng.", "This item is a table; please enter it row by row."),
            M::TextExpected => s("Mục này không phải bảng.", "This item is not a table."),
            M::Derived => s("Mục này được tự động điền, không cần nhập.", "This item is filled in by the kiosk; nothing to enter."),
            M::HiddenField => s(
                "Mục này không cần cho trường hợp của Ông/Bà nên đã được bỏ qua.",
                "This item is not needed in your case, so it was left out.",
            ),
            M::UnknownField { form, field } => (format!("Tờ khai `{form}` không có mục `{field}`."), format!("Form `{form}` has no item `{field}`.")),
            M::UnknownRole { role, roles } => (
                format!("Tờ khai này không có người nào mang vai trò `{role}` để quét thẻ. Vai trò có thể quét thẻ: {roles}."),
                format!("This form has no person `{role}` whose card can be scanned. Roles that take a card: {roles}."),
            ),
            M::OldCardAddress => s(
                "Nơi cư trú trên thẻ ghi theo đơn vị hành chính trước ngày 01/7/2025; vẫn được dùng như trên thẻ. Nếu muốn ghi theo địa chỉ mới, vui lòng sửa.",
                "The residence on the card names the administrative units before 1 July 2025; it is used as on the card. To write the new address, please change it.",
            ),
            M::WrongSex { role, card_female } => {
                let (vi_sex, en_sex) = if *card_female { ("nữ", "a woman's") } else { ("nam", "a man's") };
                (
                    format!("Thẻ vừa quét là thẻ của người {vi_sex}, không phải của {role}. Vui lòng quét đúng thẻ của {role}; nếu không có thẻ, bấm “Bỏ qua”"),
                    format!("The card just scanned is {en_sex} card, not the card of the {role}. Please scan the card of the {role}; without it, tap “Skip”"),
                )
            }
            M::SamePerson { role, other } => (
                format!("Thẻ này đã được quét cho {other}; một người không thể vừa là {other} vừa là {role}. Vui lòng quét thẻ của {role}; nếu không có thẻ, bấm “Bỏ qua”"),
                format!("This card was already scanned for the {other}; one person cannot be both the {other} and the {role}. Please scan the card of the {role}; without it, tap “Skip”"),
            ),
            M::DuplicateCard { role } => (format!("Đã quét thẻ của {role} hai lần"), format!("The card of the {role} was scanned twice")),
            M::TypedIdDigits => s("Số định danh cá nhân gồm đúng 12 chữ số. Vui lòng nhập lại", "A personal ID number has exactly 12 digits. Please type it again"),
            M::NoProfile => s(
                "Không tìm thấy thông tin đã lưu cho số định danh và ngày sinh này. Vui lòng quét thẻ căn cước, hoặc nhờ cán bộ hỗ trợ",
                "No saved details for this ID number and date of birth. Please scan your ID card, or ask the staff for help",
            ),
            M::BirthDigits => s(
                "Ngày sinh gồm 8 số: ngày, tháng, năm (ví dụ 01011990). Vui lòng nhập lại.",
                "A date of birth is 8 digits: day, month, year (for example 01011990). Please type it again.",
            ),
            M::KeypadLocked => s(
                "Đã nhập sai 5 lần. Vui lòng quét thẻ căn cước, hoặc nhờ cán bộ hỗ trợ.",
                "5 wrong attempts. Please scan your ID card, or ask the staff for help.",
            ),
            M::PrinterUnreachable => s(
                "Chưa in được vì không kết nối được máy in. Hồ sơ đã được lưu; xin báo cán bộ, sau đó bấm “In lại”.",
                "Not printed: the printer cannot be reached. Your dossier is saved; please tell the staff, then tap “Print again”.",
            ),
            M::PrinterPaused => s(
                "Máy in đang tạm dừng hoặc cần cán bộ xử lý (hết giấy, kẹt giấy…). Hồ sơ đã được lưu; xin báo cán bộ, sau đó bấm “In lại”.",
                "The printer is paused or needs the staff (out of paper, paper jam…). Your dossier is saved; please tell the staff, then tap “Print again”.",
            ),
            M::PrintUnfinished => s(
                "Máy in không in xong tờ khai. Hồ sơ đã được lưu; xin báo cán bộ kiểm tra máy in, sau đó bấm “In lại”.",
                "The printer did not finish the form. Your dossier is saved; please ask the staff to check the printer, then tap “Print again”.",
            ),
            M::NotStored { why } => {
                let (vi, en) = why.texts();
                (format!("{vi}. Xin mời đến quầy để cán bộ hỗ trợ."), format!("{en}. Please go to the desk, where the staff will help."))
            }
            M::DeskHint => s("Mời Ông/Bà ký tờ khai và mang đến quầy tiếp nhận hồ sơ.", "Please sign the form and take it to the reception desk."),
            M::PinWrong { n, max } => (format!("Mã PIN không đúng (lần {n} / {max})."), format!("Wrong PIN (attempt {n} of {max}).")),
            M::PinLocked => s("Đã nhập sai mã PIN 5 lần. Vui lòng thử lại sau vài phút.", "5 wrong PINs. Please try again in a few minutes."),
            M::NoPin => s(
                "Chưa đặt mã PIN cán bộ: chạy “form-kiosk staff-pin” và ghi dòng staff_pin_hash vào kiosk.toml.",
                "No staff PIN is set: run “form-kiosk staff-pin” and put its staff_pin_hash line in kiosk.toml.",
            ),
            M::BadPinHash => s(
                "staff_pin_hash trong kiosk.toml không phải mã băm argon2; hãy tạo lại bằng “form-kiosk staff-pin”.",
                "staff_pin_hash in kiosk.toml is not an argon2 hash; make it again with “form-kiosk staff-pin”.",
            ),
            M::AuditNotWritten { why } => {
                let (vi, en) = why.texts();
                (format!("Không ghi được nhật ký: {vi}"), format!("The log could not be written: {en}"))
            }
            M::Unlocked => s(
                "Đã mở khóa: công dân có thể sửa các thông tin lấy từ thẻ trong lượt này.",
                "Unlocked: the citizen may change the details taken from cards in this session.",
            ),
            M::QuitAsk => s(
                "Đóng phần mềm kiosk? Người dân sẽ không dùng được kiosk cho đến khi khởi động lại.",
                "Close the kiosk software? Citizens cannot use the kiosk until it is started again.",
            ),
            M::IdDigits => s("Số định danh gồm 12 chữ số.", "An ID number has 12 digits."),
            M::ForgetAsk => s(
                "Xóa thông tin lưu sẵn và câu trả lời của mọi hồ sơ có số này? Không thể hoàn tác: bấm “Xác nhận xóa” để xóa.",
                "Erase the saved details and the answers of every dossier with this number? This cannot be undone: tap “Confirm erase” to erase.",
            ),
            M::Forgotten { profile, dossiers } => (
                format!(
                    "Đã xóa: {}, câu trả lời và bản in của {dossiers} hồ sơ.",
                    if *profile { "thông tin lưu sẵn" } else { "không có thông tin lưu sẵn" }
                ),
                format!("Erased: {}, the answers and printouts of {dossiers} dossier(s).", if *profile { "the saved details" } else { "no saved details" }),
            ),
            M::JobsRemoved { n } => (format!("Đã xóa {n} lệnh in còn lưu trên máy chủ in."), format!("Removed {n} print job(s) still kept by the print server.")),
            M::JobsNotRemoved => s(
                "Chưa xóa được lệnh in còn lưu trên máy chủ in: xin kiểm tra dịch vụ in rồi xóa lại.",
                "The print jobs kept by the print server could not be removed: please check the print service and erase again.",
            ),
            M::CheckingPrinter => s("Đang kiểm tra máy in…", "Checking the printer…"),
            M::Reprinting { code } => (format!("Đang in lại hồ sơ {code}…"), format!("Printing dossier {code} again…")),
            M::Reprinted { code } => (format!("Đã in lại hồ sơ {code}."), format!("Dossier {code} printed again.")),
            M::Queue { name, word, reasons } => {
                let (vi, en) = match word {
                    QueueWord::Ready => ("Sẵn sàng", "Ready"),
                    QueueWord::Printing => ("Đang in", "Printing"),
                    QueueWord::Paused => ("Tạm dừng", "Paused"),
                    QueueWord::NotAccepting => ("Không nhận lệnh in", "Not accepting jobs"),
                };
                let (rv, re) = reasons_texts(reasons);
                (format!("Máy in {name}: {vi}{rv}"), format!("Printer {name}: {en}{re}"))
            }
            M::PrinterNotFound { queue } => (
                format!("Không tìm thấy máy in “{queue}”. Hồ sơ đã được lưu; xin báo cán bộ để kiểm tra máy in rồi bấm “In lại”"),
                format!("No printer “{queue}”. The dossier is saved; please have the printer checked, then tap “Print again”"),
            ),
            M::PrinterStopped { reasons } => {
                let (rv, re) = reasons_texts(reasons);
                (
                    format!("Máy in đang tạm dừng{rv}. Hồ sơ đã được lưu; xin báo cán bộ, sau đó bấm “In lại”"),
                    format!("The printer is paused{re}. The dossier is saved; please tell the staff, then tap “Print again”"),
                )
            }
            M::PrinterNotAccepting => s(
                "Máy in đang không nhận lệnh in. Hồ sơ đã được lưu; xin báo cán bộ, sau đó bấm “In lại”",
                "The printer is not accepting jobs. The dossier is saved; please tell the staff, then tap “Print again”",
            ),
            M::JobHeld => s(
                "Lệnh in đang bị giữ lại trên máy chủ in. Hồ sơ đã được lưu; xin báo cán bộ, sau đó bấm “In lại”",
                "The print job is held on the print server. The dossier is saved; please tell the staff, then tap “Print again”",
            ),
            M::JobCancelled { reasons } => {
                let (rv, re) = reasons_texts(reasons);
                (
                    format!("Lệnh in bị hủy{rv}. Hồ sơ đã được lưu; xin báo cán bộ, sau đó bấm “In lại”"),
                    format!("The print job was cancelled{re}. The dossier is saved; please tell the staff, then tap “Print again”"),
                )
            }
            M::PrintTimeout { secs } => (
                format!("Máy in không in xong sau {secs} giây nên lệnh in đã được hủy. Hồ sơ đã được lưu; xin báo cán bộ kiểm tra máy in, sau đó bấm “In lại”"),
                format!("The printer did not finish within {secs} seconds, so the job was cancelled. The dossier is saved; please have the printer checked, then tap “Print again”"),
            ),
            M::PrintServiceDown { detail } => (
                format!("Không kết nối được với dịch vụ in ({detail}). Hồ sơ đã được lưu; xin báo cán bộ"),
                format!("The print service cannot be reached ({detail}). The dossier is saved; please tell the staff"),
            ),
            M::DbOpen { path, detail } => (format!("Không mở được cơ sở dữ liệu {path}: {detail}"), format!("The database {path} cannot be opened: {detail}")),
            M::NotADatabase { path } => (
                format!("Tệp {path} không phải cơ sở dữ liệu của kiosk (không phải SQLite, bị hỏng, hoặc mã hóa bằng khóa khác); không có gì bị thay đổi"),
                format!("The file {path} is not a kiosk database (not SQLite, damaged, or encrypted with another key); nothing was changed"),
            ),
            M::ForeignDatabase { path } => (
                format!("Tệp {path} là cơ sở dữ liệu của chương trình khác; không có gì bị thay đổi"),
                format!("The file {path} is another program's database; nothing was changed"),
            ),
            M::DbTooNew { path, found, known } => (
                format!("Cơ sở dữ liệu {path} do phiên bản kiosk mới hơn tạo (lược đồ {found}, phiên bản này biết đến {known}); không có gì bị thay đổi. Vui lòng cập nhật phần mềm kiosk"),
                format!("The database {path} was made by a newer kiosk (schema {found}, this version knows up to {known}); nothing was changed. Please update the kiosk software"),
            ),
            M::DbReadOnly => s(
                "Cơ sở dữ liệu đang ở chế độ chỉ đọc (kiểm tra ổ đĩa và quyền ghi tệp); chưa lưu được gì",
                "The database is read-only (check the disk and the file's permissions); nothing was saved",
            ),
            M::DiskFull => s(
                "Ổ đĩa đã đầy; chưa lưu được gì. Vui lòng giải phóng dung lượng rồi thử lại",
                "The disk is full; nothing was saved. Please free some space and try again",
            ),
            M::DbBusy => s(
                "Cơ sở dữ liệu đang bận (một tiến trình kiosk khác đang ghi); vui lòng thử lại",
                "The database is busy (another kiosk process is writing); please try again",
            ),
            M::NoSuchDossier { code } => (format!("Không có hồ sơ {code}"), format!("No dossier {code}")),
            M::BadTransition { code, from, to } => (
                format!("Hồ sơ {code} đang ở trạng thái {from}, không chuyển sang {to} được"),
                format!("Dossier {code} is {from}; it cannot become {to}"),
            ),
            M::DossierErased { code } => (
                format!("Hồ sơ {code} đã được xóa dữ liệu theo yêu cầu của công dân"),
                format!("The data of dossier {code} was erased at the citizen's request"),
            ),
            M::PrintoutNotMade { detail } => (
                format!("Không tạo được bản in của tờ khai ({detail}); hồ sơ chưa được lưu. Vui lòng thử lại hoặc nhờ cán bộ hỗ trợ"),
                format!("The printout could not be made ({detail}); the dossier was not saved. Please try again or ask the staff for help"),
            ),
            M::DbError { detail } => (format!("Lỗi cơ sở dữ liệu: {detail}"), format!("Database error: {detail}")),
            M::CardOnForm => s(
                "Thẻ đã được quét: thẻ này đã có trên tờ khai. Xin mời Ông/Bà trả lời câu hỏi trên màn hình.",
                "Card scanned: this card is already on the form. Please answer the question on the screen.",
            ),
            M::ScannedMidForm => s(
                "Thẻ đã được quét, nhưng tờ khai này không cần thêm thẻ. Nếu muốn bắt đầu lượt mới, xin bấm “Làm lại từ đầu”.",
                "Card scanned, but this form needs no more cards. To start again for someone else, please tap “Start over”.",
            ),
            M::PersonOnForm { role } => (format!("Tờ khai có ghi thông tin {role} không?"), format!("Does the form give the details of the {role}?")),
            M::PersonOnFormHint { role } => (
                format!("Nếu có, kiosk hỏi tiếp họ tên và các thông tin cần ghi của {role}."),
                format!("If it does, the kiosk then asks the name and the details the form needs of the {role}."),
            ),
            M::NewUnitsOne { label } => (
                format!("{label}: thẻ căn cước ghi theo đơn vị hành chính trước ngày 01/7/2025. Theo đơn vị hành chính mới, địa chỉ này là:"),
                format!("{label}: the card gives the administrative units before 1 July 2025. In the new units, this address is:"),
            ),
            M::NewUnitsDivided { label } => (
                format!("{label}: thẻ căn cước ghi theo đơn vị hành chính trước ngày 01/7/2025; nơi này nay thuộc một trong các xã, phường dưới đây. Ông/Bà ở nơi nào?"),
                format!("{label}: the card gives the administrative units before 1 July 2025; that place is now in one of the communes below. Which one do you live in?"),
            ),
            M::CopiesAsk { fee: 0 } => s(
                "Ông/Bà có cần bản sao giấy tờ được cấp không? Nếu cần, xin chọn số bản.",
                "Do you need copies of the certificate? If so, please choose how many.",
            ),
            M::CopiesAsk { fee } => (
                format!("Ông/Bà có cần bản sao giấy tờ được cấp không? Nếu cần, xin chọn số bản. Lệ phí mỗi bản sao: {} đồng.", thousands(*fee, '.')),
                format!("Do you need copies of the certificate? If so, please choose how many. Each copy costs {} dong.", thousands(*fee, ',')),
            ),
            M::SayWelcome => s(
                "Kê khai hồ sơ, công dân không viết. Xin mời Ông/Bà chạm vào màn hình để bắt đầu, hoặc đưa mã QR trên thẻ căn cước vào máy quét.",
                "Filling in your forms: you do not write. Please touch the screen to start, or hold the QR code on your ID card to the scanner.",
            ),
            M::SayScan => s(
                "Bước 1. Xin mời Ông/Bà đưa mã QR trên thẻ căn cước vào máy quét. Thẻ cũ: mặt trước, góc trên bên phải. Thẻ mới: mặt sau. Không mang thẻ thì bấm Không mang thẻ.",
                "Step 1. Please hold the QR code on your ID card to the scanner. Older cards: front, top right corner. Newer cards: the back. Without your card, tap No card.",
            ),
            M::SayKeypadId => s(
                "Xin mời Ông/Bà nhập 12 số định danh cá nhân in trên thẻ căn cước, rồi bấm Tiếp tục.",
                "Please type the 12 digits of your personal ID number, printed on your ID card, then tap Continue.",
            ),
            M::SayKeypadBirth => s("Xin mời Ông/Bà nhập ngày sinh: ngày, tháng, năm, 8 số, rồi bấm Tiếp tục.", "Please type your date of birth: day, month, year, 8 digits, then tap Continue."),
            M::SayChoose { honorific, name } => match (honorific.as_str(), name.is_empty()) {
                (_, true) => s("Bước 2. Ông/Bà cần làm thủ tục gì?", "Step 2. Which procedure do you need?"),
                ("bà", false) => (format!("Bước 2. Xin chào bà {name}. Bà cần làm thủ tục gì?"), format!("Step 2. Hello, {name}. Which procedure do you need?")),
                ("ông", false) => (format!("Bước 2. Xin chào ông {name}. Ông cần làm thủ tục gì?"), format!("Step 2. Hello, {name}. Which procedure do you need?")),
                (_, false) => (format!("Bước 2. Xin chào {name}. Ông/Bà cần làm thủ tục gì?"), format!("Step 2. Hello, {name}. Which procedure do you need?")),
            },
            M::SayChoices => s("Các lựa chọn:", "The choices are:"),
            M::SayOthersSkip => s("Nếu không có thẻ, bấm Bỏ qua: Ông/Bà sẽ chọn hoặc nhập các thông tin này sau.", "Without a card, tap Skip: you will choose or type these details later."),
            M::SayReview => s(
                "Xin mời Ông/Bà kiểm tra tờ khai. Bấm Sửa để sửa một câu trả lời. Nếu đúng, bấm Đúng, in tờ khai.",
                "Please check the form. Tap Change to change an answer. If it is right, tap Right, print the form.",
            ),
            M::SayConsent => s(
                "Bước 5. Lưu thông tin để lần sau không phải nhập lại? Bấm Không lưu, hoặc Đồng ý lưu.",
                "Step 5. Keep your details so that you need not type them again next time? Tap Do not keep, or Keep.",
            ),
            M::SayPrinting => s("Đang in tờ khai, xin chờ trong giây lát.", "Printing the form, please wait a moment."),
            M::SayDone => s("Đã in xong tờ khai.", "The form is printed."),
            M::SayNotPrinted => s("Hồ sơ đã được lưu nhưng chưa in được. Xin mời Ông/Bà hỏi cán bộ tại quầy.", "Your dossier is saved but could not be printed. Please ask the staff at the desk."),
            M::OptYes => s("Có", "Yes"),
            M::OptNo => s("Không", "No"),
            M::OptNoCopies => s("Không cần bản sao", "No copies"),
            M::OptCopies { n } => (format!("{n} bản"), if *n == 1 { "1 copy".to_string() } else { format!("{n} copies") }),
            M::OptOtherPlace => s("Chọn nơi khác", "Another place"),
            M::OptKeepCard => s("Giữ như trên thẻ", "As on the card"),
            M::SlotFull => s(
                "Giờ hẹn này vừa hết chỗ. Xin mời Ông/Bà chọn giờ khác, hoặc không hẹn giờ.",
                "That time has just been fully booked. Please choose another time, or no booking.",
            ),
            M::PostFee { fee: 0, state: false } => s(
                "Cước phí theo bảng giá của bưu điện; Ông/Bà trả khi nhận kết quả.",
                "The post office's price; you pay it when the result is delivered.",
            ),
            M::PostFee { fee: 0, state: true } => s("Ông/Bà không phải trả cước phí: ngân sách nhà nước chi trả.", "You pay nothing: the State pays the postage."),
            M::PostFee { fee, state: false } => (
                format!("Cước phí {} đồng; Ông/Bà trả khi nhận kết quả.", thousands(*fee, '.')),
                format!("Postage {} dong; you pay it when the result is delivered.", thousands(*fee, ',')),
            ),
            M::PostFee { fee, state: true } => (
                format!("Cước phí {} đồng do ngân sách nhà nước chi trả; Ông/Bà không phải trả.", thousands(*fee, '.')),
                format!("Postage {} dong, paid by the State; you pay nothing.", thousands(*fee, ',')),
            ),
            M::InPerson { why } => (
                format!("Thủ tục này nhận kết quả trực tiếp tại Bộ phận Một cửa. {why}"),
                // the reason is the template's own words, in Vietnamese only
                {
                    let _ = why;
                    "The result of this procedure is collected in person at the desk, by the people it names.".to_string()
                },
            ),
            M::DueOn { day } => (format!("Ngày hẹn trả kết quả: {day}"), format!("Result due on: {day}")),
            M::NoDueDay => s(
                "Ngày hẹn trả kết quả: cán bộ tiếp nhận ghi trên phiếu tiếp nhận (tùy thủ tục).",
                "Result due: the desk writes the day on its receipt (it depends on the procedure).",
            ),
            M::BookedAt { day, time, home: false } => {
                (format!("Đã hẹn nộp hồ sơ tại quầy lúc {time} ngày {day}."), format!("Booked: handing in at the desk at {time} on {day}."))
            }
            M::BookedAt { day, time, home: true } => (
                format!("Đã hẹn cán bộ đến nhà tiếp nhận hồ sơ lúc {time} ngày {day}."),
                format!("Booked: an officer visits your home to take the dossier at {time} on {day}."),
            ),
            M::RatingThanks => s("Cảm ơn Ông/Bà đã cho ý kiến.", "Thank you for your answer."),
            M::SayDelivery => s(
                "Ông/Bà muốn nhận kết quả bằng cách nào? Chọn một cách, rồi bấm Tiếp tục. Muốn hẹn giờ nộp hồ sơ, bấm Hẹn giờ.",
                "How would you like to receive the result? Choose one, then tap Continue. To book a time to hand in the dossier, tap Book a time.",
            ),
            M::SayBooking => s(
                "Xin mời Ông/Bà chọn ngày và giờ hẹn. Giờ đã kín chỗ thì không chọn được.",
                "Please choose a day and a time. A fully booked time cannot be chosen.",
            ),
            M::PostAddressAsk => s(
                "Bưu điện gửi kết quả đến địa chỉ nào? Chọn xã, phường, rồi ghi số nhà, đường, ấp.",
                "Where should the post bring the result? Choose the commune, then the house, street or hamlet.",
            ),
            M::HomeAddressAsk => s(
                "Cán bộ đến tiếp nhận hồ sơ tại địa chỉ nào? Chọn xã, phường, rồi ghi số nhà, đường, ấp.",
                "Where should the officer come to take the dossier? Choose the commune, then the house, street or hamlet.",
            ),
            M::BookingLine { day, time, home, code, form, cancelled } => {
                let (vi_where, en_where) = if *home { ("tại nhà", "at home") } else { ("tại quầy", "at the desk") };
                let (vi_off, en_off) = if *cancelled { (" — đã hủy", " — cancelled") } else { ("", "") };
                (format!("{day} {time} — {vi_where} — {code} — {form}{vi_off}"), format!("{day} {time} — {en_where} — {code} — {form}{en_off}"))
            }
            M::WalNotWiped => s(
                "Dữ liệu đã được xóa, nhưng nhật ký ghi của cơ sở dữ liệu chưa dọn được vì đang bận: xin xóa lại số định danh này khi kiosk rảnh.",
                "The data is erased, but the database's write log could not be cleared yet (busy): please erase this ID number again when the kiosk is idle.",
            ),
            M::ServerUnreachable { detail } => (
                format!("Không kết nối được máy chủ cơ sở dữ liệu của cơ quan ({detail}). Vui lòng báo cán bộ kỹ thuật kiểm tra mạng và máy chủ"),
                format!("The office's database server cannot be reached ({detail}). Please ask the technical staff to check the network and the server"),
            ),
            M::NoNumbersLeft => s(
                "Kiosk đang mất kết nối với máy chủ của cơ quan và đã dùng hết số hồ sơ được cấp trước cho hôm nay; tờ khai chưa được lưu. Xin Ông/Bà chờ giây lát rồi bấm lại, hoặc nhờ cán bộ hỗ trợ.",
                "The kiosk has lost its connection to the office server and has used every dossier number reserved for today; the form is not saved yet. Please wait a moment and tap again, or ask the staff for help.",
            ),
            M::ProfileOffline => s(
                "Kiosk đang mất kết nối với máy chủ của cơ quan nên chưa tìm được thông tin Ông/Bà đã lưu ở kiosk khác. Xin Ông/Bà quét thẻ căn cước để tiếp tục.",
                "The kiosk has lost its connection to the office server, so information saved at another kiosk cannot be found now. Please scan the citizen identity card to go on.",
            ),
            M::OfficeDay { kiosks, here } => {
                let total: u32 = kiosks.iter().map(|(_, n)| n).sum();
                let each = |mark: &str| kiosks.iter().map(|(k, n)| format!("{k}{}: {n}", if k == here { mark } else { "" })).collect::<Vec<_>>().join(", ");
                (
                    format!("Cả cơ quan hôm nay: {total} hồ sơ — {}", each(" (kiosk này)")),
                    format!("Whole office today: {total} dossiers — {}", each(" (this kiosk)")),
                )
            }
            M::BookingCancelled { code } => (format!("Đã hủy lịch hẹn của hồ sơ {code}."), format!("The booking of dossier {code} is cancelled.")),
            M::RatingLine { form, very, satisfied, unsatisfied } => (
                format!("{form}: rất hài lòng {very}, hài lòng {satisfied}, không hài lòng {unsatisfied}"),
                format!("{form}: very satisfied {very}, satisfied {satisfied}, not satisfied {unsatisfied}"),
            ),
            M::OnCard { text } => (format!("Trên thẻ: {text}"), format!("On the card: {text}")),
            M::Then(a, b) => {
                let ((a_vi, a_en), (b_vi, b_en)) = (a.texts(), b.texts());
                (format!("{a_vi} {b_vi}"), format!("{a_en} {b_en}"))
            }
            M::AsGiven(text) => (text.clone(), text.clone()),
        }
    }
}

fn reasons_texts(reasons: &[Reason]) -> (String, String) {
    if reasons.is_empty() {
        return (String::new(), String::new());
    }
    let (vi, en): (Vec<&str>, Vec<&str>) = reasons
        .iter()
        .map(|r| match r {
            Reason::NoPaper => ("hết giấy", "out of paper"),
            Reason::PaperJam => ("kẹt giấy", "paper jam"),
            Reason::NoToner => ("hết mực", "out of toner"),
            Reason::CoverOpen => ("nắp máy đang mở", "cover open"),
            Reason::Offline => ("mất kết nối", "offline"),
            Reason::Paused => ("bị tạm dừng", "paused"),
        })
        .unzip();
    (format!(" ({})", vi.join(", ")), format!(" ({})", en.join(", ")))
}

fn card_texts(e: &CardError) -> (String, String) {
    const AGAIN_VI: &str = "Vui lòng quét lại thẻ; nếu vẫn lỗi, xin nhờ cán bộ hỗ trợ.";
    const AGAIN_EN: &str = "Please scan the card again; if it still fails, please ask the staff for help.";
    let again = |vi: &str, en: &str| (format!("{vi} {AGAIN_VI}"), format!("{en} {AGAIN_EN}"));
    match e {
        CardError::Empty => (
            "Chưa đọc được mã. Vui lòng đưa mã QR trên thẻ căn cước vào máy quét.".into(),
            "Nothing was read. Please hold the QR code of your ID card under the scanner.".into(),
        ),
        CardError::NotACard => (
            "Mã vừa quét không phải mã QR của thẻ căn cước. Vui lòng quét mã QR in trên thẻ căn cước (thẻ cũ: mặt trước, góc trên bên phải; thẻ Căn cước mới: mặt sau).".into(),
            "That code is not the QR code of an ID card. Please scan the QR code printed on your ID card (older cards: front, top right; new Căn cước cards: back).".into(),
        ),
        CardError::BadIdNumber => again("Số định danh trên mã không hợp lệ (cần đủ 12 chữ số).", "The ID number in the code is not valid (it needs 12 digits)."),
        CardError::BadOldIdNumber => again("Số CMND cũ trên mã không hợp lệ.", "The old ID number in the code is not valid."),
        CardError::BadName => again(
            "Họ tên trên mã không đọc được (máy quét có thể làm mất dấu tiếng Việt).",
            "The name in the code cannot be read (the scanner may have lost the Vietnamese accents).",
        ),
        CardError::BadBirthDate => again("Ngày sinh trên mã không hợp lệ.", "The date of birth in the code is not valid."),
        CardError::BadSex => again("Giới tính trên mã không đọc được.", "The sex in the code cannot be read."),
        CardError::BadResidence => again("Nơi thường trú trên mã bị trống.", "The place of residence in the code is empty."),
        CardError::BadIssueDate => again("Ngày cấp thẻ trên mã không hợp lệ.", "The card's issue date in the code is not valid."),
        CardError::IdMismatch => (
            "Số định danh không khớp với ngày sinh hoặc giới tính trên thẻ. Vui lòng quét lại thẻ; nếu vẫn lỗi, xin nhờ cán bộ kiểm tra thẻ.".into(),
            "The ID number does not match the date of birth or sex on the card. Please scan the card again; if it still fails, please ask the staff to check the card."
                .into(),
        ),
    }
}

/// 8000 → "8.000" (Vietnamese) or "8,000" (English).
fn thousands(n: u32, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}
