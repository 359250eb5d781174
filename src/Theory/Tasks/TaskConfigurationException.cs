namespace ProbSig.Theory.Tasks;

/// <summary>
/// A task configuration that cannot define a task (THEORY 5). The message starts with the
/// parameter's name and states the offending value, e.g.
/// "anchor values: duplicate value 5 in [5,5,1]", so the CLI can show it unchanged.
/// </summary>
public sealed class TaskConfigurationException : ArgumentException
{
    private readonly string _message;

    /// <summary>The parameter at fault, one of the names in <see cref="TaskParameter"/>.</summary>
    public string Parameter { get; }

    /// <summary>The offending value as the user would write it (e.g. "[5,5,1]" or "[20,120]").</summary>
    public string Value { get; }

    /// <summary>Creates the error for <paramref name="parameter"/> with the offending
    /// <paramref name="value"/> and a one-clause <paramref name="detail"/> that says what is wrong.</summary>
    public TaskConfigurationException(string parameter, string value, string detail)
        : base($"{parameter}: {detail}")
    {
        Parameter = parameter;
        Value = value;
        _message = $"{parameter}: {detail}";
    }

    /// <summary>The message without ArgumentException's " (Parameter '...')" suffix:
    /// the parameter already leads the text.</summary>
    public override string Message => _message;

    /// <summary>Same as <see cref="Parameter"/>, for code that reads ArgumentException.ParamName.</summary>
    public override string? ParamName => Parameter;
}
