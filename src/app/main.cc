#include <sys/stat.h>

#include <cstdio>
#include <exception>

#include "app/cli.h"

int main(int argc, char** argv) {
  // The database, its WAL and backups hold personal data: nothing Haven creates is readable by
  // other users of the machine.
  umask(077);
  try {
    return haven::app::RunCli(argc, argv);
  } catch (const std::exception& e) {
    // Exceptions are bugs or fatal start-up failures; report one line and stop.
    std::fprintf(stderr, "haven: fatal: %s\n", e.what());
    return 70;
  }
}
