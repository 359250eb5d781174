using System.CommandLine;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig lm`: the language-model verbs (tokenize, signatures, ...). Each verb lives in
/// its own file and is listed in <see cref="Subcommands"/>, one line each.
/// </summary>
internal static class LmCommand
{
    /// <summary>The `lm` subcommands; add a verb with one line here.</summary>
    private static IEnumerable<Command> Subcommands()
    {
        yield return LmTokenizeCommand.Create();
        yield return LmSignaturesCommand.Create();
        yield return LmLogitsCommand.Create();
        yield return LmTrainCommand.Create();
        yield return LmCompareCommand.Create();
    }

    public static Command Create()
    {
        var command = new Command("lm", "Real text: tokenizers, corpus signatures and language-model checks.");
        AddSubcommands(command, Subcommands());
        return command;
    }

    /// <summary>Adds subcommands to an `lm` command (also usable by a caller that builds its own).</summary>
    public static void AddSubcommands(Command lm, IEnumerable<Command> subcommands)
    {
        foreach (var sub in subcommands) lm.Add(sub);
    }
}
