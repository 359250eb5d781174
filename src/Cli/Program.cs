namespace ProbSig.Cli;

internal static class Program
{
    private static int Main(string[] args) => ProbSigCommand.Run(args);
}
