using System.Text.Json;
using System.Text.Unicode;

namespace ProbSig.Empirics.Corpus;

/// <summary>
/// The Pile's format: JSON lines, one {"text": ..., "meta": {"pile_set_name": ...}} per line,
/// in .jsonl or .jsonl.zst files (one file, or every such file under a folder, sorted), read
/// line by line in bounded memory. A line without "meta"/"pile_set_name" has subset "".
/// <para>Policy for a bad line (malformed JSON, no string "text", invalid UTF-8): by default
/// it is skipped and reported with its line number; with <c>strict</c> it is an error. A
/// truncated or corrupt .zst file is always an error: the rest of the file is unknowable.</para>
/// </summary>
public sealed class PileSource : ICorpusSource
{
    private readonly string path;
    private readonly HashSet<string>? selected;
    private readonly bool strict;

    /// <param name="description">The file or folder, and the subsets to keep.</param>
    /// <param name="strict">Throw on the first bad line instead of skipping it.</param>
    public PileSource(PileDescription description, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(description);
        Description = description;
        path = description.Path;
        selected = description.Subsets.Count == 0 ? null : new HashSet<string>(description.Subsets, StringComparer.Ordinal);
        this.strict = strict;
    }

    /// <param name="path">A .jsonl or .jsonl.zst file, or a folder of them.</param>
    /// <param name="subsets">Pile set names to keep (ordinal match); null or empty keeps all.</param>
    /// <param name="strict">Throw on the first bad line instead of skipping it.</param>
    public PileSource(string path, IReadOnlyCollection<string>? subsets = null, bool strict = false) : this(new PileDescription(path, subsets), strict)
    {
    }

    /// <summary>Which file or folder, and which subsets, this source reads.</summary>
    public PileDescription Description { get; }

    /// <inheritdoc />
    public string Name => Description.Id;

    /// <inheritdoc />
    public CorpusReport Report { get; } = new();

    /// <summary>True for the file names this source reads.</summary>
    public static bool IsJsonLines(string file) =>
        file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".jsonl.zst", StringComparison.OrdinalIgnoreCase);

    /// <summary>The files read, in order.</summary>
    /// <exception cref="CorpusException">The path does not exist, or a folder holds no JSON lines files.</exception>
    public IReadOnlyList<string> Files() => CorpusFiles.Under(path, "*", IsJsonLines, ".jsonl or .jsonl.zst");

    /// <inheritdoc />
    public IEnumerable<CorpusDocument> Documents(CancellationToken cancellationToken = default)
    {
        var files = Files();
        Report.Reset();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var stream = Open(file);
            var name = Path.GetFileName(file);
            foreach (var line in ByteLines.Read(stream, cancellationToken))
            {
                var parsed = Parse(file, line);
                if (parsed is not var (text, subset)) continue;
                seen.Add(subset);
                if (selected is not null && !selected.Contains(subset))
                {
                    Report.Unselected();
                    continue;
                }
                var document = new CorpusDocument($"{name}:{line.Number}", subset, text);
                Report.Yielded(document);
                yield return document;
            }
        }
        if (selected is not null)
            foreach (var missing in selected.Where(s => !seen.Contains(s)).Order(StringComparer.Ordinal))
                Report.Warn($"subset '{missing}' was selected but never appears in {path}");
    }

    private static Stream Open(string file)
    {
        Stream stream = File.OpenRead(file);
        return file.EndsWith(".zst", StringComparison.OrdinalIgnoreCase) ? new ZstdGuardStream(file, stream) : stream;
    }

    private (string Text, string Subset)? Parse(string file, ByteLine line)
    {
        var bytes = line.Bytes.Span;
        if (bytes.Trim(" \t\r"u8).IsEmpty) return null; // A blank line (e.g. a trailing one) holds no document.
        if (!Utf8.IsValid(bytes))
        {
            StrictUtf8.TryDecode(bytes, out var bad);
            return Bad(file, line, $"invalid UTF-8 at byte offset {line.Offset + bad} of the decompressed stream");
        }
        try
        {
            using var json = JsonDocument.Parse(line.Bytes);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Bad(file, line, $"expected a JSON object, found {root.ValueKind}");
            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                return Bad(file, line, "no string \"text\" field");
            var subset = "";
            if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object &&
                meta.TryGetProperty("pile_set_name", out var set) && set.ValueKind == JsonValueKind.String)
                subset = set.GetString()!;
            return (text.GetString()!, subset);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Bad(file, line, $"malformed JSON ({e.Message})");
        }
    }

    private (string, string)? Bad(string file, ByteLine line, string reason)
    {
        if (strict) throw new CorpusException($"{file}:{line.Number}: {reason}");
        Report.Skipped(new CorpusSkip(file, line.Number, reason + "; line skipped"));
        return null;
    }
}
