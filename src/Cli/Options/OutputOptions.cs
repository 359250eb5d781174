using System.CommandLine;
using ProbSig.Cli.Output;

namespace ProbSig.Cli.Options;

/// <summary>--format and --out, shared by the verbs that write matrices.</summary>
internal sealed class OutputOptions
{
    public Option<string> Format { get; } = new("--format") { Description = "json, csv or npy.", DefaultValueFactory = _ => "json" };
    public Option<string?> Out { get; } = new("--out") { Description = "Output file (json) or folder (csv, npy). Without it, json and csv go to standard output." };
    public Option<bool> Overwrite { get; } = CreateOverwrite();

    /// <summary>--overwrite, the same for every verb that writes a folder.</summary>
    public static Option<bool> CreateOverwrite() => new("--overwrite")
    {
        Description = "Write into an --out folder that holds files probsig did not write: probsig's files go beside them (same names are replaced); nothing else is touched.",
    };

    public void AddTo(Command command)
    {
        command.Add(Format);
        command.Add(Out);
        command.Add(Overwrite);
    }

    /// <summary>Checks --out before any work: a folder when <paramref name="folder"/>, else a file.</summary>
    public void CheckBeforeWork(ParseResult r, bool folder, string owner)
    {
        if (r.GetValue(Out) is not { } path) return;
        if (folder) AtomicOutput.CheckFolder(path, r.GetValue(Overwrite), owner);
        else AtomicOutput.CheckFile(path, r.GetValue(Overwrite));
    }

    public OutputFormat ParseFormat(ParseResult r)
    {
        var text = r.GetValue(Format) ?? "json";
        return text.ToLowerInvariant() switch
        {
            "json" => OutputFormat.Json,
            "csv" => OutputFormat.Csv,
            "npy" => OutputFormat.Npy,
            _ => throw new CliUsageException("--format", text, "expected json, csv or npy"),
        };
    }
}
