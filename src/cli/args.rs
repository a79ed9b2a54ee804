//! The command line as clap reads it: every subcommand and option, and nothing that runs.

use super::Exit;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "form-kiosk", version, about = "Kiosk kê khai hồ sơ — Công dân không viết", after_help = Exit::help())]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Directory (or files) of form templates instead of the bundled ones
    #[arg(long, global = true, value_name = "DIR")]
    pub forms: Option<PathBuf>,
    /// Kiosk configuration (default: ~/.config/form-kiosk/kiosk.toml if present, else built-in)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use this date as today (dd/mm/yyyy), for tests and rehearsals
    #[arg(long, global = true, hide = true, value_name = "DATE")]
    pub today: Option<String>,
    /// The dossier database (default: ~/.local/share/form-kiosk/kiosk.db)
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Run the kiosk in a window instead of fullscreen
    #[arg(long)]
    pub windowed: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show and check form templates
    #[command(subcommand)]
    Forms(FormsCommand),
    /// Fill a form from card QR payloads and typed answers
    Fill(FillArgs),
    /// Check one card QR payload and show what it holds
    Card {
        /// The payload as the scanner sends it
        payload: String,
        #[arg(long)]
        json: bool,
    },
    /// Stored dossiers: list, show, hand over
    #[command(subcommand)]
    Dossier(DossierCommand),
    /// The office's dossiers on its server (`database_url`), from the desk's PC: the day's of
    /// every kiosk, one shown by its code or its scanned QR, handed over, reprinted on this
    /// PC's printer
    #[command(subcommand)]
    Desk(DossierCommand),
    /// A kiosk of an office: send the office server what it has not received yet and apply
    /// the server's erasures here (the kiosk also does it after each dossier)
    Sync {
        #[arg(long)]
        json: bool,
    },
    /// Stored citizen profiles: show, forget
    #[command(subcommand)]
    Citizen(CitizenCommand),
    /// Apply retention now: erase old profiles and dossiers (also done at every start)
    Purge,
    /// Read a staff PIN (6 to 12 digits) on standard input and print the `staff_pin_hash`
    /// line for kiosk.toml (argon2id; the PIN itself is kept nowhere)
    #[command(name = "staff-pin")]
    StaffPin,
    /// Booked times to hand in a dossier or for a visit at home (default: today and tomorrow);
    /// `--cancel CODE` frees a dossier's booked time (a staff action, audited)
    Bookings {
        /// The first day, dd/mm/yyyy (default today)
        #[arg(long)]
        date: Option<String>,
        /// How many days from it (default 2: that day and the next)
        #[arg(long, default_value_t = 2)]
        days: u32,
        /// Cancel the booked time of this dossier
        #[arg(long, value_name = "CODE", conflicts_with_all = ["json"])]
        cancel: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The citizens' ratings per day and procedure (anonymous: no dossier, no person)
    Stats {
        /// First day, dd/mm/yyyy (default: 30 days ago)
        #[arg(long)]
        from: Option<String>,
        /// Last day, dd/mm/yyyy (default today)
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check the kiosk: configuration, database, key file, forms, printers, fonts, clock —
    /// one line each with a fix; exit 0 only when all pass
    Doctor {
        #[arg(long)]
        json: bool,
    },
    /// A consistent copy of the live database into a new FILE, encrypted as the database is
    /// (safe while the kiosk runs)
    Backup { file: PathBuf },
    /// Replace the database's content with a backup's (refused unless FILE is a kiosk backup
    /// that opens with the configured key)
    Restore { file: PathBuf },
    /// CUPS queues and their state
    Printers {
        #[arg(long)]
        json: bool,
    },
    /// Test hook: confirm the same dossier COUNT times (0 = until killed), printing each code
    #[command(name = "__confirm-loop", hide = true)]
    ConfirmLoop {
        #[command(flatten)]
        fill: FillArgs,
        #[arg(long, default_value_t = 0)]
        count: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum DossierCommand {
    /// Dossiers of one day (default today), newest first
    List {
        /// dd/mm/yyyy, or `all`
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One dossier with its answers
    Show {
        /// The dossier code, or what the desk's scanner read from the printout's data QR or
        /// record link
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark a dossier as received at the desk
    HandedOver { code: String },
    /// Print a stored dossier again (the very PDF kept at confirmation), or write it out
    Reprint {
        code: String,
        #[arg(long, value_name = "QUEUE")]
        printer: Option<String>,
        /// Write the PDF to a file instead of printing
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
    },
    /// The guidance slip of a stored dossier (papers, where to go, the result's way and day,
    /// a booked time): printed on the receipt printer (or the form's), or written out
    Slip {
        code: String,
        #[arg(long, value_name = "QUEUE")]
        printer: Option<String>,
        /// Write the PDF to a file instead of printing
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
    },
    /// The audit log (no personal data)
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum CitizenCommand {
    /// A stored profile (kept only with the citizen's consent)
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Erase a profile and the personal data in that citizen's dossiers (the audit trail stays)
    Forget { id: String },
}

#[derive(Debug, Subcommand)]
pub enum FormsCommand {
    /// id, title and procedure code of each form
    List {
        #[arg(long)]
        json: bool,
    },
    /// The resolved template of one form
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Validate templates (default: the bundled forms)
    Check { paths: Vec<PathBuf> },
}

#[derive(Debug, Args)]
pub struct FillArgs {
    /// Form id (see `forms list`)
    #[arg(long)]
    pub form: String,
    /// A card QR payload, optionally for a role: `mother=001…|…`; bare = the requester
    #[arg(long = "card", value_name = "[ROLE=]PAYLOAD")]
    pub cards: Vec<String>,
    /// A stored profile instead of a card: the 12-digit ID number, optionally for a role
    #[arg(long = "card-id", value_name = "[ROLE=]ID")]
    pub card_ids: Vec<String>,
    /// A typed answer: `child_name=Nguyễn Văn Bình`; a table takes a JSON array of rows
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub sets: Vec<String>,
    /// The requester agrees to keep their card data as a profile for next time
    #[arg(long)]
    pub consent: bool,
    /// Only show the filled form; store nothing
    #[arg(long)]
    pub no_store: bool,
    /// Write the printout (PDF); before confirmation it has no dossier code or QR codes
    #[arg(long, value_name = "FILE.pdf")]
    pub out: Option<PathBuf>,
    /// Write the first page as a PNG (the review picture)
    #[arg(long, value_name = "FILE.png")]
    pub preview: Option<PathBuf>,
    /// How the result comes back: desk (default), post, electronic
    #[arg(long, value_name = "WAY")]
    pub delivery: Option<String>,
    /// Where the post brings the result (2025 units; default: the requester's residence)
    #[arg(long, value_name = "ADDRESS", requires = "delivery")]
    pub post_address: Option<String>,
    /// Book a time to hand the dossier in: `dd/mm/yyyy HH:MM`, one of the office's slots
    #[arg(long, value_name = "DAY TIME")]
    pub book: Option<String>,
    /// With --book: a visit at home to this address instead of the desk
    #[arg(long, value_name = "ADDRESS", requires = "book")]
    pub home_visit: Option<String>,
    /// Print the stored dossier through CUPS (then its guidance slip)
    #[arg(long)]
    pub print: bool,
    /// The CUPS queue (default: `printer` in kiosk.toml, else the first queue)
    #[arg(long, value_name = "QUEUE")]
    pub printer: Option<String>,
    #[arg(long)]
    pub json: bool,
}
