using System.CommandLine;
using ProbSig.Cli.Commands;
using ProbSig.Theory.Tasks;

namespace ProbSig.Cli;

/// <summary>
/// The root `probsig` command. Exit codes: 0 success, 1 a claim failed (verify) or the
/// training loss diverged (train), 2 bad input (a wrong option, value or task), 3 an
/// unexpected error.
/// </summary>
internal static class ProbSigCommand
{
    public const int ExitFailed = 1;
    public const int ExitBadInput = 2;
    public const int ExitUnexpected = 3;

    /// <summary>The command-line option that sets a task parameter, so errors name what the user typed.</summary>
    private static string OptionFor(string parameter) => parameter switch
    {
        TaskParameter.Numbers => "--numbers",
        TaskParameter.KeyRange => "--keys",
        TaskParameter.AnchorValues => "--anchors",
        TaskParameter.AnchorPositions => "--anchor-positions",
        TaskParameter.KeyWeights => "--key-weights",
        TaskParameter.Label => "--label",
        TaskParameter.Overrides => "--override",
        _ => "task",
    };

    /// <summary>Exceptions that describe bad input data (each message names its file or tensor).</summary>
    private static bool IsBadData(Exception e) => e is InvalidDataException or System.Text.Json.JsonException
        or Empirics.Corpus.CorpusException or Empirics.Checkpoints.SafeTensorsException
        or Empirics.Checkpoints.HuggingFace.CheckpointException or Empirics.Tokenizers.TokenizerFileException
        or Empirics.Packages.NpmPackageException or Empirics.Packages.NuGetPackageException or Empirics.Embeddings.EmbeddingException;

    public static RootCommand Build()
    {
        var root = new RootCommand("ProbSig: checks, in code, what probability signatures of the data predict about embedding structure (Yao & Xu, arXiv 2509.20124).");
        root.Add(PredictCommand.Create());
        root.Add(SignaturesCommand.Create());
        root.Add(TrainCommand.Create());
        root.Add(VerifyCommand.Create());
        root.Add(LmCommand.Create());
        root.Add(BenchCommand.Create());
        return root;
    }

    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line naming the problem; System.CommandLine's messages name the option. An
            // unknown verb comes second after "Required command was not provided.", which says
            // nothing useful, so the unrecognised word goes first.
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal)) ?? parse.Errors[0];
            // The verbs of the command the error is in (`lm embed` lists lm's verbs).
            var verbs = string.Join(", ", (parse.CommandResult.Command.Subcommands.Count > 0 ? parse.CommandResult.Command : parse.RootCommandResult.Command).Subcommands.Select(c => c.Name));
            stderr.WriteLine(error == parse.Errors[0] && !error.Message.StartsWith("Required command", StringComparison.Ordinal)
                ? $"probsig: {error.Message}"
                : $"probsig: {error.Message} The verbs are: {verbs}.");
            return ExitBadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CliUsageException e)
        {
            stderr.WriteLine($"probsig: {Report.Fmt.OneLine(e.Message)}");
            return ExitBadInput;
        }
        catch (TaskConfigurationException e)
        {
            stderr.WriteLine($"probsig: {OptionFor(e.Parameter)} ({Report.Fmt.OneLine(e.Message)})");
            return ExitBadInput;
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"probsig: {Report.Fmt.OneLine(CliUsageException.WithoutParameter(e))}");
            return ExitBadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk or a missing permission, with our temporary names made the user's.
            stderr.WriteLine($"probsig: {Report.Fmt.OneLine(Output.AtomicOutput.FinalNames(e.Message))}");
            return ExitBadInput;
        }
        catch (Exception e) when (IsBadData(e))
        {
            // A file the user gave (or a package fetched for them) is truncated, corrupt or
            // inconsistent: their input, not our bug. The messages name the file.
            stderr.WriteLine($"probsig: {Report.Fmt.OneLine(Output.AtomicOutput.FinalNames(e.Message))}");
            return ExitBadInput;
        }
        catch (Exception e)
        {
            // A bug or a broken installation (e.g. libtorch failed to load): one line, not a
            // stack trace, and an exit code that scripts can tell from a failed claim.
            stderr.WriteLine($"probsig: unexpected error: {e.GetType().Name}: {Report.Fmt.OneLine(e.Message)}");
            return ExitUnexpected;
        }
    }
}
