// One run of tcenc: read frames, encode them, write the stream and the side outputs.
#pragma once

#include "cli_options.h"

namespace tc::cli {

// Runs the encode the options describe and returns the process exit code: 0 on success, 1 on
// any error. Errors go to stderr as "tcenc: error: <message>". When the input ends in a broken
// frame, every frame before it is still encoded and written before the error is reported.
int run_encode(const CliOptions& options);

}  // namespace tc::cli
