using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using NUnit.Framework;
using ProbSig.Empirics.Runtime;

namespace ProbSig.Tests.Snapshots.Support;

/// <summary>
/// The absolute allowance of one figure: <paramref name="SameKernels"/> when the snapshot
/// was written with the same CPU kernels (vendor, ATen capability, MKL_CBWR: figures are
/// then bit-identical, so this covers only what a rerun or another thread count moved),
/// <paramref name="OtherKernels"/> otherwise (what changing the kernels moved, measured).
/// </summary>
public readonly record struct FigureAllowance(double SameKernels, double OtherKernels)
{
    /// <summary>One allowance whatever the kernels (data-only figures).</summary>
    public static FigureAllowance Everywhere(double allowance) => new(allowance, allowance);
}

/// <summary>
/// Regression snapshots of named figures: a JSON file under version control
/// (<c>__figures__/NAME.json</c> beside the calling test) holding every figure a run
/// reported, compared figure by figure with an absolute allowance. A figure that moved
/// by more than its allowance, appeared or disappeared fails the test with one line each:
/// what, which figure, the snapshot's value, the new value, the allowance.
/// <para>A missing snapshot is written and passes on a developer machine; with CI=true it
/// fails. After reviewing a deliberate change, <c>PROBSIG_ACCEPT_FIGURES=1</c> rewrites the
/// snapshots of the tests that run (see the README).</para>
/// </summary>
public static class FigureSnapshot
{
    /// <summary>Set to 1 (or true) to accept the new figures: the snapshot files are rewritten.</summary>
    public const string AcceptVariable = "PROBSIG_ACCEPT_FIGURES";

    /// <summary>At most this many lines name moved figures; the rest are counted.</summary>
    private const int MaxLines = 40;

    /// <summary>
    /// Compares <paramref name="figures"/> (and optional string <paramref name="labels"/>,
    /// which must match exactly) with the snapshot <paramref name="name"/>.
    /// </summary>
    /// <param name="name">Snapshot name and what the messages call it (a claim id, say).</param>
    /// <param name="figures">Figure name to value; NaN is a value (it matches NaN only).</param>
    /// <param name="allowance">Absolute allowance of each figure, by name.</param>
    /// <param name="labels">Named lists of strings (token strings, say) that must not change.</param>
    /// <param name="sourceFile">The calling test's file (the snapshot lies beside it); filled in by the compiler.</param>
    public static void Check(string name, IReadOnlyList<KeyValuePair<string, double>> figures, Func<string, FigureAllowance> allowance,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? labels = null, [CallerFilePath] string sourceFile = "")
    {
        var path = PathOf(name, sourceFile);
        var kernels = KernelPinning.KernelKey();
        labels ??= new Dictionary<string, IReadOnlyList<string>>();
        if (Accepting())
        {
            Write(path, name, figures, labels);
            TestContext.Out.WriteLine($"{name}: snapshot rewritten ({figures.Count} figures) at {path} ({AcceptVariable} is set)");
            return;
        }
        if (!File.Exists(path))
        {
            if (IsCi())
                Assert.Fail($"{name}: figure snapshot {path} is missing; run the test without CI=true (or with {AcceptVariable}=1) to write it, review it and commit it");
            Write(path, name, figures, labels);
            TestContext.Out.WriteLine($"{name}: figure snapshot written to {path}; review and commit it");
            return;
        }
        var (oldFigures, oldLabels, oldKernels) = Read(path);
        // The snapshot's own kernels: last bits are equal there; elsewhere the wider,
        // measured cross-kernel allowance applies (see FigureAllowance).
        bool sameKernels = string.Equals(oldKernels, kernels, StringComparison.Ordinal);
        var problems = Compare(name, oldFigures, figures, f => sameKernels ? allowance(f).SameKernels : allowance(f).OtherKernels);
        problems.AddRange(CompareLabels(name, oldLabels, labels));
        TestContext.Out.WriteLine($"{name}: {figures.Count} figures compared with {Path.GetFileName(path)} " +
                                  (sameKernels ? "(same kernels: " + kernels + ")" : $"(snapshot kernels '{oldKernels}', these '{kernels}': cross-kernel allowances)") +
                                  $"; {problems.Count} outside their allowance");
        if (problems.Count == 0) return;
        var shown = problems.Take(MaxLines).ToList();
        if (problems.Count > MaxLines) shown.Add($"... and {problems.Count - MaxLines} more");
        Assert.Fail($"{name}: {problems.Count} figure(s) differ from the snapshot {path} " +
                    $"(after review, {AcceptVariable}=1 rewrites it):{Environment.NewLine}" + string.Join(Environment.NewLine, shown));
    }

    /// <summary>One line per figure outside its allowance, missing, or new (exposed for the tests of this class).</summary>
    public static List<string> Compare(string name, IReadOnlyDictionary<string, double> snapshot,
        IReadOnlyList<KeyValuePair<string, double>> figures, Func<string, double> allowance)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (figure, value) in figures)
        {
            if (!seen.Add(figure)) { lines.Add($"{name} {figure}: reported twice"); continue; }
            double allowed = allowance(figure);
            if (!snapshot.TryGetValue(figure, out var old))
            {
                lines.Add($"{name} {figure}: snapshot (absent), new {Show(value)}, allowance {allowed.ToString("G3", inv)}");
                continue;
            }
            bool same = double.IsNaN(old) || double.IsNaN(value)
                ? double.IsNaN(old) && double.IsNaN(value)
                : Math.Abs(value - old) <= allowed || value.Equals(old);
            if (!same)
                lines.Add($"{name} {figure}: snapshot {Show(old)}, new {Show(value)}, allowance {allowed.ToString("G3", inv)} (moved {Show(value - old)})");
        }
        foreach (var figure in snapshot.Keys.Where(k => !seen.Contains(k)))
            lines.Add($"{name} {figure}: snapshot {Show(snapshot[figure])}, new (absent), allowance {allowance(figure).ToString("G3", inv)}");
        return lines;
    }

    private static IEnumerable<string> CompareLabels(string name, IReadOnlyDictionary<string, IReadOnlyList<string>> snapshot,
        IReadOnlyDictionary<string, IReadOnlyList<string>> labels)
    {
        foreach (var key in snapshot.Keys.Union(labels.Keys).Order(StringComparer.Ordinal))
        {
            if (!snapshot.TryGetValue(key, out var old)) { yield return $"{name} labels '{key}': snapshot (absent), new {labels[key].Count} entries"; continue; }
            if (!labels.TryGetValue(key, out var now)) { yield return $"{name} labels '{key}': snapshot {old.Count} entries, new (absent)"; continue; }
            if (old.Count != now.Count) yield return $"{name} labels '{key}': snapshot {old.Count} entries, new {now.Count}";
            int shown = 0;
            for (int i = 0; i < Math.Min(old.Count, now.Count) && shown < 5; i++)
                if (!string.Equals(old[i], now[i], StringComparison.Ordinal))
                {
                    shown++;
                    yield return $"{name} labels '{key}'[{i}]: snapshot {JsonSerializer.Serialize(old[i])}, new {JsonSerializer.Serialize(now[i])}";
                }
        }
    }

    private static string Show(double v) => double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string PathOf(string name, string sourceFile) =>
        Path.Combine(Path.GetDirectoryName(sourceFile)!, "__figures__", name + ".json");

    private static bool Accepting() => Flag(AcceptVariable);

    /// <summary>CI=true (or 1): a missing snapshot is a failure, for figure and output snapshots alike.</summary>
    internal static bool IsCi() => Flag("CI");

    private static bool Flag(string variable)
    {
        var v = Environment.GetEnvironmentVariable(variable);
        return string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) || v == "1";
    }

    /// <summary>Writes the snapshot under a temporary name and renames it into place.</summary>
    private static void Write(string path, string name, IReadOnlyList<KeyValuePair<string, double>> figures,
        IReadOnlyDictionary<string, IReadOnlyList<string>> labels)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("written_on", KernelPinning.Describe());
            json.WriteString("kernels", KernelPinning.KernelKey());
            json.WriteStartObject("labels");
            foreach (var (key, list) in labels.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteStartArray(key);
                foreach (var s in list) json.WriteStringValue(s);
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteStartObject("figures");
            foreach (var (figure, value) in figures)
            {
                // Shortest round-trip text: the snapshot keeps every bit of the value.
                if (double.IsFinite(value)) json.WriteNumber(figure, value);
                else if (double.IsNaN(value)) json.WriteNull(figure);
                else json.WriteString(figure, value > 0 ? "Infinity" : "-Infinity");
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        File.Move(temp, path, overwrite: true);
    }

    private static (Dictionary<string, double> Figures, Dictionary<string, IReadOnlyList<string>> Labels, string Kernels) Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.GetProperty("figures").EnumerateObject())
            figures[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.Number => p.Value.GetDouble(),
                JsonValueKind.String => p.Value.GetString() == "Infinity" ? double.PositiveInfinity : double.NegativeInfinity,
                _ => double.NaN,
            };
        var labels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (doc.RootElement.TryGetProperty("labels", out var l))
            foreach (var p in l.EnumerateObject())
                labels[p.Name] = p.Value.EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
        var kernels = doc.RootElement.TryGetProperty("kernels", out var k) ? k.GetString() ?? "" : "";
        return (figures, labels, kernels);
    }
}
