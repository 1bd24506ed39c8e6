import Glibc

// The `emu` executable: a thin layer that parses the command line and hands over to a
// subcommand. Everything that runs a guest lives in the Emu module.
exit(EmuCommand.main(Array(CommandLine.arguments.dropFirst())))
