//! What the kiosk shows, as plain data: the flow computes it, the GUI copies what changed onto
//! the Slint adapter (one property each). Nothing here knows about Slint. Messages are
//! [`Msg`] codes: the GUI says them in the screen's language.

pub use crate::core::message::{Lang, Msg};

/// The screen shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Page {
    #[default]
    Welcome,
    Scan,
    Keypad,
    Choose,
    Others,
    Question,
    Review,
    /// How the result comes back, a booked time (after the review).
    Delivery,
    /// The slots to book.
    Booking,
    Consent,
    Printing,
    Done,
    StaffPin,
    Staff,
}

/// The input a question shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QKind {
    Options,
    Digits,
    #[default]
    Keyboard,
    Place,
    Desk,
}

/// What the screen itself tells about an answer (the engine's own messages are `error`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QNotice {
    #[default]
    None,
    Empty,
    PickPlace,
}

/// Where an answer on the review came from; the screen says it in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Card,
    Profile,
    Kiosk,
    Today,
    Preset,
    Derived,
    Typed,
    /// A card's pre-2025 address in the 2025 units, as the citizen accepted or chose.
    NewUnits,
    /// Not answered, offered with "Thêm".
    Optional,
}

/// A procedure tile on the choose screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tile {
    pub id: String,
    pub name: String,
    pub group: String,
    pub papers: String,
}

/// A place the address picker offers: "Phường Hồng Ngự" within "Tỉnh Đồng Tháp"; `value` is
/// what picking it answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub name: String,
    pub within: String,
    pub value: String,
}

/// One answer on the review screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerRow {
    pub label: String,
    pub value: String,
    pub origin: Origin,
    /// The field's id, for "Sửa"/"Thêm"; empty when it cannot be changed here.
    pub field: String,
    /// From a card or a stored profile, and staff have not unlocked the answers: the screen
    /// shows a lock instead of "Sửa".
    pub locked: bool,
}

/// A dossier on the staff screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffDossier {
    pub code: String,
    pub form: String,
    pub time: String,
    pub status: String,
}

/// A booked time on the staff screen: its line, and the dossier's code for "Hủy hẹn" (empty
/// once cancelled).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffBooking {
    pub line: Msg,
    pub code: String,
}

/// The question on screen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Question {
    /// The form's label (official wording, as printed).
    pub label: String,
    /// The kiosk's own question instead of a form label, in the screen's language.
    pub prompt: Option<Msg>,
    pub hint_msg: Option<Msg>,
    pub hint: String,
    pub kind: QKind,
    pub options: Vec<String>,
    /// What the keys typed so far show.
    pub shown: String,
    /// The engine's refusal of the last answer.
    pub error: Option<Msg>,
    pub notice: QNotice,
    /// Question `number` of `count` (0 of 0 while one answer is changed from the review).
    pub number: i32,
    pub count: i32,
    pub places: Vec<Place>,
    /// The place picked ("" until then).
    pub place: String,
    /// The picker lists provinces, or one province's communes.
    pub browsing: bool,
    /// What the screen says for each option, when it is the kiosk's own ("Không cần bản
    /// sao" / "No copies"); empty: the options as the form writes them.
    pub option_labels: Vec<Msg>,
    /// Long answers offered (addresses): one to a row instead of three.
    pub wide: bool,
    /// An email address: the keyboard has "@".
    pub email: bool,
    /// For a name: the family names on the cards scanned, one tap each.
    pub quick: Vec<String>,
}

/// A slot on the booking screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotTile {
    /// `dd/mm/yyyy`, and its weekday (0 = Monday) for the screen to name.
    pub day: String,
    pub weekday: i32,
    pub time: String,
    /// Places left; 0 = full (shown, not chosen).
    pub left: i32,
}

/// After the form: the delivery screen, the booking screen, and the done screen's rating.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AfterView {
    /// The ways offered (`desk`, `post`, `electronic`), and the one chosen.
    pub ways: Vec<String>,
    pub way: String,
    /// Where the post brings the result ("" until there is one).
    pub post_address: String,
    pub post_fee: Option<Msg>,
    /// Only the desk, and why.
    pub in_person: Option<Msg>,
    /// The day the result is expected, or that the desk sets it.
    pub due: Option<Msg>,
    /// Bookings offered at the desk, visits at home.
    pub desk_booking: bool,
    pub home_booking: bool,
    /// The booked time ("" = none).
    pub booked: Option<Msg>,
    /// The booking screen: for a visit at home, and its slots.
    pub home: bool,
    pub slots: Vec<SlotTile>,
    pub error: Option<Msg>,
    /// The done screen: the rating was given (thanks said), or could not be kept.
    pub rated: bool,
    pub rating_error: Option<Msg>,
    pub hotline: String,
    /// The slip could not be printed, and why.
    pub slip_error: Option<Msg>,
}

/// The staff screens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffView {
    pub pin_dots: String,
    pub error: Option<Msg>,
    pub dossiers: Vec<StaffDossier>,
    pub counts: Vec<String>,
    /// A kiosk of an office: the office's dossiers of the day, by kiosk (from the server).
    pub office: Option<Msg>,
    /// Today's booked times and the next working day's, one line each.
    pub bookings: Vec<StaffBooking>,
    /// Today's ratings per procedure, one line each.
    pub ratings: Vec<Msg>,
    pub printer: Option<Msg>,
    pub message: Option<Msg>,
    /// A citizen's session is open behind the staff screen.
    pub in_session: bool,
    pub unlocked: bool,
    /// The ID number typed to forget a citizen.
    pub id: String,
    pub confirm_forget: bool,
    pub confirm_quit: bool,
    /// "Kiểm tra kiosk": its report is open, and its lines (empty while it runs).
    pub doctor_open: bool,
    pub doctor: Vec<String>,
}

/// Everything the screens show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    pub page: Page,
    pub agency_name: String,
    /// "vi" or "en".
    pub language: String,
    pub large_text: bool,
    /// "Nghe" is offered (the voice is on in the configuration).
    pub voice: bool,
    /// "Ông/Bà còn ở đây không?": seconds left before the wipe (0 = not asking).
    pub idle_left: i32,
    /// "Làm lại từ đầu" with work on the way: the question is on screen.
    pub confirm_start_over: bool,
    // the person at the kiosk
    pub citizen_name: String,
    /// "ông", "bà", or "" (Ông/Bà).
    pub citizen_honorific: String,
    /// The card just read for another person of the form ("" = nothing to confirm).
    pub card_notice_name: String,
    pub card_notice_role: String,
    pub card_notice_female: bool,
    // scan and keypad
    pub scan_error: Option<Msg>,
    pub typed_id: String,
    /// The keypad asks the date of birth (after the number).
    pub keypad_birth: bool,
    pub typed_birth: String,
    pub keypad_error: Option<Msg>,
    // choose
    pub forms: Vec<Tile>,
    pub groups: Vec<String>,
    pub group: String,
    pub form_search: bool,
    pub form_query: String,
    // others
    pub other_prompt: String,
    pub other_error: Option<Msg>,
    pub question: Question,
    // review
    pub chosen_title: String,
    /// The review page laid out (None = none); the kiosk draws it at `PREVIEW_DPI` on a
    /// worker thread, not in the event that made it.
    pub preview: Option<Preview>,
    pub answers: Vec<AnswerRow>,
    pub review_locked: bool,
    /// A card scanned on the review that could not be taken, and why.
    pub review_error: Option<Msg>,
    // consent, printing, done
    pub consent_notice: String,
    pub dossier_code: String,
    /// What the record QR on the done screen encodes ("" = none).
    pub record_url: String,
    pub desk_hint: Option<Msg>,
    pub print_error: Option<Msg>,
    pub after: AfterView,
    pub staff: StaffView,
}

/// The review page laid out, shared with the worker that draws it. Two are equal when they
/// are the same page (the same layout, or one laid out again the same).
#[derive(Clone, Debug)]
pub struct Preview(pub std::sync::Arc<crate::core::layout::Document>);

impl PartialEq for Preview {
    fn eq(&self, other: &Preview) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

// a layout holds no NaN: every coordinate is computed from finite sizes
impl Eq for Preview {}
