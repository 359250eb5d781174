using System.CommandLine;

namespace ProbSig.Cli;

/// <summary>The root `probsig` command and its verbs.</summary>
internal static class ProbSigCommand
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("ProbSig: checks the probability-signature theory of embedding structure.");
        return root.Parse(args).Invoke();
    }
}
