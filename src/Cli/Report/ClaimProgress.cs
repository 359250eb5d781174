namespace ProbSig.Cli.Report;

/// <summary>
/// Progress lines to a text writer (stderr), prefixed with the claim being run, e.g.
/// "[C2] seed 3/5 training...". Written synchronously: System.Progress would post to a
/// thread pool and reorder lines.
/// </summary>
internal sealed class ClaimProgress(TextWriter output) : IProgress<string>
{
    private readonly object gate = new();

    /// <summary>The id of the claim now running, or null between claims.</summary>
    public string? Current { get; set; }

    public void Report(string value)
    {
        lock (gate)
        {
            output.WriteLine(Current is null || value.StartsWith('[') ? value : $"[{Current}] {value}");
            output.Flush();
        }
    }
}
