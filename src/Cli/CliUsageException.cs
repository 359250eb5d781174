namespace ProbSig.Cli;

/// <summary>
/// A wrong option or value: reported as one line naming the option, exit code 2.
/// </summary>
internal sealed class CliUsageException(string option, string value, string problem)
    : Exception($"{option} {Quote(value)}: {problem}")
{
    public string Option { get; } = option;

    /// <summary>The problem a lower layer found in a value (its ArgumentException), told in the
    /// option the user typed: the layer's message, without .NET's " (Parameter 'x')", since
    /// the parameter is ours, not the user's.</summary>
    public static CliUsageException For(string option, string value, ArgumentException e) => new(option, value, WithoutParameter(e));

    /// <summary>An ArgumentException's message without the " (Parameter 'x')" that .NET appends.</summary>
    public static string WithoutParameter(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);

    private static string Quote(string value) => value.Length == 0 ? "''" : $"'{value}'";
}
