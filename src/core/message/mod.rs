//! Every sentence the kiosk says to a citizen or to staff, by code with its parameters. The
//! Vietnamese and the English of each stand side by side in one table ([`Msg::texts`]): the
//! compiler sees that no message lacks a language, and a message with a parameter is
//! translated like any other. The engine (cards, answers, the service, the printer) and the
//! kiosk's flow give a `Msg`; the screens and the CLI say it in their language.
//!
//! No message repeats a value it refuses: parameters are counts, limits, role names, dossier
//! codes — never what was typed or read from a card.

use super::card::CardError;

/// A language of the screens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// "en" is English; anything else the kiosk's own Vietnamese.
    pub fn from_code(code: &str) -> Lang {
        if code == "en" {
            Lang::En
        } else {
            Lang::Vi
        }
    }
}

/// What a printer's state reasons say, in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    NoPaper,
    PaperJam,
    NoToner,
    CoverOpen,
    Offline,
    Paused,
}

/// A printer queue's state in a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueWord {
    Ready,
    Printing,
    Paused,
    NotAccepting,
}

/// A message, by code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    // a card that cannot be read
    Card(CardError),
    // an answer refused
    ControlChars,
    TooLong {
        max: usize,
    },
    BadName,
    BadDate,
    FutureDate,
    YearBefore1900,
    YearDigits,
    BadYear,
    BadTime,
    BadIdNumber,
    BadPhone,
    BadEmail,
    BadGender,
    BadEthnicity,
    BadNationality,
    AddressParts,
    UnknownProvince,
    UnknownCommune,
    ChooseOne {
        options: String,
    },
    ChooseYesNo,
    NotANumber,
    CountRange {
        lo: i64,
        hi: i64,
    },
    TableByRows,
    /// A cell of a table refused: its row (from 1), its column's label, why.
    InRow {
        row: usize,
        column: String,
        why: Box<Msg>,
    },
    /// A row of a table with a column that is not the table's; the table's columns.
    UnknownColumn {
        columns: String,
    },
    EmptyCell,
    TooManyRows {
        max: usize,
    },
    Unprintable,
    // answers the form does not take (the CLI's --set)
    TableExpected,
    TextExpected,
    Derived,
    HiddenField,
    UnknownField {
        form: String,
        field: String,
    },
    UnknownRole {
        role: String,
        roles: String,
    },
    OldCardAddress,
    // the people on the form
    WrongSex {
        role: String,
        card_female: bool,
    },
    SamePerson {
        role: String,
        other: String,
    },
    DuplicateCard {
        role: String,
    },
    // the keypad without a card
    TypedIdDigits,
    NoProfile,
    BirthDigits,
    KeypadLocked,
    // printing, as the citizen is told
    PrinterUnreachable,
    PrinterPaused,
    PrintUnfinished,
    /// The dossier could not be stored: why, and the way forward.
    NotStored {
        why: Box<Msg>,
    },
    DeskHint,
    // staff
    PinWrong {
        n: u32,
        max: u32,
    },
    PinLocked,
    NoPin,
    BadPinHash,
    AuditNotWritten {
        why: Box<Msg>,
    },
    Unlocked,
    QuitAsk,
    IdDigits,
    ForgetAsk,
    Forgotten {
        profile: bool,
        dossiers: usize,
    },
    JobsRemoved {
        n: usize,
    },
    JobsNotRemoved,
    CheckingPrinter,
    Reprinting {
        code: String,
    },
    Reprinted {
        code: String,
    },
    // the printer and the database as staff are told (with the details a citizen is spared)
    /// A queue and its state: "Máy in KioskPDF: Sẵn sàng".
    Queue {
        name: String,
        word: QueueWord,
        reasons: Vec<Reason>,
    },
    PrinterNotFound {
        queue: String,
    },
    PrinterStopped {
        reasons: Vec<Reason>,
    },
    PrinterNotAccepting,
    JobHeld,
    JobCancelled {
        reasons: Vec<Reason>,
    },
    PrintTimeout {
        secs: u64,
    },
    PrintServiceDown {
        detail: String,
    },
    DbOpen {
        path: String,
        detail: String,
    },
    NotADatabase {
        path: String,
    },
    ForeignDatabase {
        path: String,
    },
    DbTooNew {
        path: String,
        found: i32,
        known: i32,
    },
    DbReadOnly,
    DiskFull,
    DbBusy,
    NoSuchDossier {
        code: String,
    },
    BadTransition {
        code: String,
        from: String,
        to: String,
    },
    DossierErased {
        code: String,
    },
    PrintoutNotMade {
        detail: String,
    },
    DbError {
        detail: String,
    },
    /// A card scanned on a question screen: it is already on the form; or the form takes no
    /// more cards.
    CardOnForm,
    ScannedMidForm,
    /// Does the form name this person (whose card was skipped)? And its hint.
    PersonOnForm {
        role: String,
    },
    PersonOnFormHint {
        role: String,
    },
    /// A card's address in the units before 1 July 2025 (`label`: the form's line): its 2025
    /// address to accept, or the communes a divided ward went into; and the card's text.
    NewUnitsOne {
        label: String,
    },
    NewUnitsDivided {
        label: String,
    },
    OnCard {
        text: String,
    },
    /// How many copies of the result: the question, with the fee per copy (0: none said).
    CopiesAsk {
        fee: u32,
    },
    /// What "Nghe" reads on each screen (beside the question and the choices on it).
    SayWelcome,
    SayScan,
    SayKeypadId,
    SayKeypadBirth,
    SayChoose {
        honorific: String,
        name: String,
    },
    SayChoices,
    SayOthersSkip,
    SayReview,
    SayConsent,
    SayPrinting,
    SayDone,
    SayNotPrinted,
    /// The answers of the kiosk's own questions.
    OptYes,
    OptNo,
    OptNoCopies,
    OptCopies {
        n: u32,
    },
    OptOtherPlace,
    OptKeepCard,
    /// After the form: the slot chosen filled up meanwhile.
    SlotFull,
    /// Sending the result by post: the fee (0: the post office's price) and who pays.
    PostFee {
        fee: u32,
        state: bool,
    },
    /// Only the desk: why the result must be collected in person (the template's words).
    InPerson {
        why: String,
    },
    /// The day the result is due, or that the desk sets it.
    DueOn {
        day: String,
    },
    NoDueDay,
    /// A booked time, at the desk or at home.
    BookedAt {
        day: String,
        time: String,
        home: bool,
    },
    RatingThanks,
    SayDelivery,
    SayBooking,
    /// The kiosk's own address questions: where the post brings the result, where the
    /// officer visits.
    PostAddressAsk,
    HomeAddressAsk,
    /// A line of the staff screen: a booked time, and a procedure's ratings of the day.
    BookingLine {
        day: String,
        time: String,
        home: bool,
        code: String,
        form: String,
        cancelled: bool,
    },
    /// An erasure committed while a reader kept the database's log busy: forget again later.
    WalNotWiped,
    /// The office's database server cannot be reached.
    ServerUnreachable {
        detail: String,
    },
    /// A kiosk of an office, cut off from its server, has used every number it leased.
    NoNumbersLeft,
    /// A stored profile looked up while the office server cannot be reached.
    ProfileOffline,
    /// The office's dossiers of the day, in all and by kiosk (`here`: this kiosk's id).
    OfficeDay {
        kiosks: Vec<(String, u32)>,
        here: String,
    },
    /// Staff cancelled a dossier's booked time.
    BookingCancelled {
        code: String,
    },
    RatingLine {
        form: String,
        very: u32,
        satisfied: u32,
        unsatisfied: u32,
    },
    /// One message, then another.
    Then(Box<Msg>, Box<Msg>),
    /// A sentence that comes as it is: the office's own words from its configuration, a
    /// detail of the store or the printer for staff.
    AsGiven(String),
}

/// A message in data (the CLI's JSON) is its Vietnamese text.
impl serde::Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.vi())
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.vi())
    }
}

impl Msg {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (vi, en) = self.texts();
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn vi(&self) -> String {
        self.text(Lang::Vi)
    }
}

mod samples;
mod table;
