using System.Text.Json;

namespace ProbSig.Bench.Peers;

/// <summary>
/// PyTorch eager as the peer: the scripts beside the binary (Peers/*.py, the same architecture,
/// batch and optimiser as ours), run with a python3 that imports torch and numpy (Debian's
/// python3-torch where installed). Probed once; when absent every PyTorch row says why.
/// </summary>
public sealed class PythonPeer
{
    private PythonPeer(string? python, string? torchVersion, string? absent)
    {
        Python = python;
        TorchVersion = torchVersion;
        Absent = absent;
    }

    /// <summary>The interpreter, when usable.</summary>
    public string? Python { get; }

    /// <summary>torch.__version__, when usable.</summary>
    public string? TorchVersion { get; }

    /// <summary>Why the peer cannot run ("peer absent: ..."), or null when it can.</summary>
    public string? Absent { get; }

    /// <summary>The reference's name for the table: "PyTorch 1.13.1 eager".</summary>
    public string Name => TorchVersion is null ? "PyTorch eager" : $"PyTorch {TorchVersion} eager";

    /// <summary>Folder of the peer scripts: Peers/ beside the binary.</summary>
    public static string ScriptFolder => Path.Combine(AppContext.BaseDirectory, "Peers");

    /// <summary>
    /// The first Python that imports torch and numpy: <paramref name="python"/> when given (and
    /// only it), else PROBSIG_PYTHON, python3 on PATH, then /usr/bin/python3 (Debian's
    /// python3-torch lives there, while PATH often leads to a pyenv or venv Python without it).
    /// </summary>
    public static PythonPeer Probe(string? python, bool disabled)
    {
        if (disabled) return new(null, null, "peer absent: --no-peers");
        var candidates = python is not null ? [python]
            : new[] { Environment.GetEnvironmentVariable("PROBSIG_PYTHON"), ExternalProcess.OnPath("python3"), "/usr/bin/python3" }
                .Where(c => !string.IsNullOrEmpty(c) && File.Exists(c)).Select(c => c!).Distinct().ToArray();
        if (candidates.Length == 0) return new(null, null, "peer absent: no python3 on PATH");
        var reasons = new List<string>();
        foreach (var exe in candidates)
        {
            try
            {
                var (code, stdout, stderr) = ExternalProcess.Run(exe, ["-c", "import torch, numpy; print(torch.__version__)"], TimeSpan.FromSeconds(120));
                if (code == 0) return new(exe, stdout.Trim(), null);
                reasons.Add($"{exe} cannot import torch and numpy ({ExternalProcess.LastLine(stderr)})");
            }
            catch (PeerException e)
            {
                reasons.Add(e.Message);
            }
        }
        return new(candidates[0], null, $"peer absent: {string.Join("; ", reasons)}; Debian: apt-get install python3-torch libopenblas0-pthread, or --python PATH");
    }

    /// <summary>Runs Peers/<paramref name="script"/> with <paramref name="arguments"/> and returns its JSON object.</summary>
    /// <exception cref="PeerException">The peer is absent, or the script failed.</exception>
    public JsonElement Run(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        if (Absent is not null) throw new PeerException(Absent);
        var path = Path.Combine(ScriptFolder, script);
        if (!File.Exists(path)) throw new PeerException($"peer absent: {path} is missing from this build");
        // Thread counts are the script's business (--threads): it sets torch's and its BLAS's.
        return ExternalProcess.RunJson(Python!, [path, .. arguments], timeout);
    }

    /// <summary>The number <paramref name="key"/> of Peers/<paramref name="script"/>'s JSON, or
    /// why there is none ("peer absent: ..." or "peer failed: ..."): a failed peer empties its
    /// row's reference, it never stops the bench.</summary>
    public (double? Value, string? Absent) Figure(Action<string> log, string script, string[] arguments, string key)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (Absent is not null) return (null, Absent);
        try
        {
            var json = Run(script, arguments, TimeSpan.FromMinutes(10));
            if (!json.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Number)
                return (null, $"peer failed: {script} printed no number \"{key}\"");
            return (v.GetDouble(), null);
        }
        catch (PeerException e)
        {
            log($"  {script}: {e.Message}");
            return (null, e.Message.StartsWith("peer absent", StringComparison.Ordinal) ? e.Message : "peer failed: " + e.Message);
        }
    }

    /// <summary>A number as a script argument (invariant culture).</summary>
    public static string Arg(double x) => x.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
