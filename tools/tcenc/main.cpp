// tcenc: the command-line encoder. Everything it does goes through the public C API.
#include "cli_options.h"
#include "encode_session.h"

int main(int argc, char** argv) {
    tc::cli::CliOptions options;
    const tc::cli::ParseOutcome outcome = tc::cli::parse_command_line(argc, argv, &options);
    if (!outcome.run) return outcome.exit_code;
    return tc::cli::run_encode(options);
}
