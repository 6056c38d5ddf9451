#pragma once

// The `haven` command line: serve, migrate, user add|list|disable, backup, restore, demo.

namespace haven::app {

int RunCli(int argc, char** argv);

}  // namespace haven::app
