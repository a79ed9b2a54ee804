//! The one integration-test binary.

mod card;
mod cli;
mod crash;
mod cups;
mod fill;
mod forms;
mod pdf;
mod printing;
mod store;
mod support;
mod tidy;

/// `fill` arguments that complete the birth form (three cards).
pub fn store_fill_args() -> Vec<String> {
    use support::{FATHER, MOTHER};
    let mut v: Vec<String> = ["fill", "--form", "khai-sinh", "--card", MOTHER].iter().map(|s| s.to_string()).collect();
    v.push(format!("--card=mother={MOTHER}"));
    v.push(format!("--card=father={FATHER}"));
    for (k, val) in [
        ("requester_relation", "Mẹ"),
        ("child_name", "Trần Bảo Ngọc"),
        ("child_birth_date", "05/02/2026"),
        ("child_sex", "Nữ"),
        ("child_ethnicity", "Kinh"),
        ("child_birth_place", "Phường An Bình, Tỉnh Đồng Tháp"),
        ("child_hometown", "Tỉnh Đồng Tháp"),
        ("mother_ethnicity", "Kinh"),
        ("father_ethnicity", "Kinh"),
    ] {
        v.push("--set".into());
        v.push(format!("{k}={val}"));
    }
    v
}
