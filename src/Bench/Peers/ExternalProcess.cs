using System.Diagnostics;
using System.Text.Json;

namespace ProbSig.Bench.Peers;

/// <summary>A peer that failed to run: the row it would have fed says why, the bench goes on.</summary>
public sealed class PeerException(string message) : Exception(message);

/// <summary>
/// Runs a peer program (a PyTorch or JavaScript reference) to completion and reads the one
/// JSON object it prints. Its stderr is kept for the error message: a peer that fails is a
/// missing reference figure, never a bench that stops.
/// </summary>
internal static class ExternalProcess
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> (stdin from
    /// <paramref name="stdinFile"/> when given) and parses its stdout as a JSON object.</summary>
    /// <exception cref="PeerException">It could not start, exited non-zero, ran past the timeout or printed no JSON object.</exception>
    public static JsonElement RunJson(string program, IEnumerable<string> arguments, TimeSpan timeout, string? stdinFile = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (code, stdout, stderr) = Run(program, arguments, timeout, stdinFile, environment);
        string name = Path.GetFileName(program);
        if (code != 0) throw new PeerException($"{name} exited {code}: {LastLine(stderr)}");
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new PeerException($"{name} printed {doc.RootElement.ValueKind}, not a JSON object");
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new PeerException($"{name} printed no JSON object ({e.Message}): {LastLine(stdout)}");
        }
    }

    /// <summary>Runs a program and returns its exit code, stdout and stderr.</summary>
    public static (int Code, string Stdout, string Stderr) Run(string program, IEnumerable<string> arguments, TimeSpan timeout, string? stdinFile = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdinFile is not null, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (environment is not null) foreach (var (k, v) in environment) psi.Environment[k] = v;
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new PeerException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PeerException($"{program} could not start: {e.Message}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (stdinFile is not null)
            {
                using (var input = File.OpenRead(stdinFile)) input.CopyTo(process.StandardInput.BaseStream);
                process.StandardInput.Close();
            }
            if (!process.WaitForExit(timeout))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new PeerException($"{Path.GetFileName(program)} ran past {timeout.TotalSeconds:0} s and was stopped");
            }
            process.WaitForExit();
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    /// <summary>The last non-empty line of a program's output, for one-line errors.</summary>
    public static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";

    /// <summary>The first file called <paramref name="name"/> in a PATH folder, or null.</summary>
    public static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
