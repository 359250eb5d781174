namespace ProbSig.Cli;

/// <summary>
/// A wrong option or value: reported as one line naming the option, exit code 2.
/// </summary>
internal sealed class CliUsageException(string option, string value, string problem)
    : Exception($"{option} {Quote(value)}: {problem}")
{
    public string Option { get; } = option;

    private static string Quote(string value) => value.Length == 0 ? "''" : $"'{value}'";
}
