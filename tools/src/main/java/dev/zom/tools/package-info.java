/**
 * The {@code zom} command line: one picocli {@code Callable<Integer>} per subcommand, testable through
 * {@link picocli.CommandLine#execute(String...)}.
 */
package dev.zom.tools;
