using System.CommandLine;
using System.Globalization;
using ProbSig.Bench;
using ProbSig.Cli.Options;
using ProbSig.Cli.Output;
using ProbSig.Cli.Report;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig bench`: every bench group (LM and feature training beside PyTorch eager and the
/// matmul rate, the closed form beside RK4, counting, tokenisation, nulls, signatures,
/// scaling), each row our figure, its reference measured in the same run, the ratio and the
/// target; a table on stdout and bench.json, bench.md and bench.png in --out. Exit 0 when the
/// bench ran (rows that miss their target say so; --fail-on-miss makes them exit 1), 2 on bad input.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The verb that owns a bench folder's files.</summary>
    public const string Owner = "bench";

    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Folder for bench.json, bench.md and bench.png: checked before the bench runs; probsig's files in it are replaced, nothing else.", DefaultValueFactory = _ => "probsig-bench" };
        var only = new Option<string?>("--only") { Description = $"Run only these groups, comma separated: {string.Join(", ", BenchSuite.Names)}." };
        var threads = new Option<string>("--threads") { Description = "Thread counts of the threaded rows, comma separated.", DefaultValueFactory = _ => "1,2" };
        var smoke = new Option<bool>("--smoke") { Description = "Tiny sizes through the same code (seconds, for tests): the figures mean nothing." };
        var python = new Option<string?>("--python") { Description = "The Python with torch and numpy that runs the PyTorch peers (default: python3 on PATH; Debian: apt-get install python3-torch libopenblas0-pthread)." };
        var node = new Option<string?>("--node") { Description = "node for the JavaScript reference tokenizer (default: node on PATH)." };
        var noPeers = new Option<bool>("--no-peers") { Description = "Run no peer; their rows say \"peer absent\"." };
        var failOnMiss = new Option<bool>("--fail-on-miss") { Description = "Exit 1 when a row misses its target." };
        var overwrite = OutputOptions.CreateOverwrite();
        var command = new Command("bench",
            "Measure ProbSig's speed beside PyTorch eager, the JavaScript reference tokenizer, RK4 and the machine's own limits, in one run; " +
            "print the table and write bench.json, bench.md and bench.png. Exit 0: measured (misses are shown); 1: a miss with --fail-on-miss; 2: bad input.");
        foreach (var o in new Option[] { outDir, only, threads, smoke, python, node, noPeers, failOnMiss, overwrite }) command.Add(o);
        command.SetAction(r =>
        {
            var options = new BenchOptions
            {
                Scale = r.GetValue(smoke) ? BenchScale.Smoke : BenchScale.Full,
                Only = ParseOnly(r.GetValue(only)),
                Threads = ParseThreads(r.GetValue(threads) ?? "1,2"),
                Python = Executable("--python", r.GetValue(python)),
                Node = Executable("--node", r.GetValue(node)),
                NoPeers = r.GetValue(noPeers),
            };
            var folder = r.GetValue(outDir) ?? "probsig-bench";
            AtomicOutput.CheckFolder(folder, r.GetValue(overwrite), Owner);
            using var folderLock = OutputLock.Acquire(folder, "bench");
            var stderr = r.InvocationConfiguration.Error;
            var report = BenchSuite.Run(options, line => stderr.WriteLine(line));
            BenchFiles.WriteTable(r.InvocationConfiguration.Output, report);
            AtomicOutput.WriteFolder(folder, Owner, dir => BenchFiles.Write(dir, report, new ScottPlotRenderer(), stderr), r.GetValue(overwrite));
            stderr.WriteLine($"bench: {report.Rows.Count} rows in {report.Seconds:0} s, {report.Missed.Count()} missed their target; wrote {Path.Combine(folder, BenchFiles.Json)}, {BenchFiles.Markdown} and {BenchFiles.Png}");
            return r.GetValue(failOnMiss) && report.Missed.Any() ? ProbSigCommand.ExitFailed : 0;
        });
        return command;
    }

    /// <summary>The groups of --only, checked against the suite's names.</summary>
    internal static IReadOnlySet<string>? ParseOnly(string? text)
    {
        if (text is null) return null;
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new CliUsageException("--only", text, $"expected group names: {string.Join(", ", BenchSuite.Names)}");
        foreach (var n in names)
            if (!BenchSuite.Names.Contains(n)) throw new CliUsageException("--only", text, $"'{n}' is not a bench group; the groups are {string.Join(", ", BenchSuite.Names)}");
        return names.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The thread counts of --threads: distinct integers from 1 to lm train's most per core.</summary>
    internal static IReadOnlyList<int> ParseThreads(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new CliUsageException("--threads", text, "expected thread counts, e.g. 1,2");
        var result = new List<int>();
        int most = LmTrainCommand.MaxThreadsPerCore * Environment.ProcessorCount;
        foreach (var p in parts)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > most)
                throw new CliUsageException("--threads", text, $"'{p}' is not a thread count from 1 to {most} ({LmTrainCommand.MaxThreadsPerCore} per core)");
            if (result.Contains(n)) throw new CliUsageException("--threads", text, $"{n} is listed twice");
            result.Add(n);
        }
        return result;
    }

    private static string? Executable(string option, string? path)
    {
        if (path is null) return null;
        if (!File.Exists(path)) throw new CliUsageException(option, path, "does not exist");
        return Path.GetFullPath(path);
    }
}
