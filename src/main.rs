fn main() -> std::process::ExitCode {
    form_kiosk::cli::main()
}
