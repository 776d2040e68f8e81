fn main() -> std::process::ExitCode {
    treatyc::cli::main()
}
