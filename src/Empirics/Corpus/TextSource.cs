namespace ProbSig.Empirics.Corpus;

/// <summary>How a plain-text file is cut into documents.</summary>
public enum TextSplit
{
    /// <summary>Each file is one document (the default: a file is usually one text). The
    /// file is read whole, so very large single files should use <see cref="Paragraphs"/>.</summary>
    File,

    /// <summary>Each blank-line-separated block is one document; streams line by line, so a
    /// file of any size is read in bounded memory.</summary>
    Paragraphs,
}

/// <summary>
/// Plain UTF-8 text: one file, or every *.txt under a folder (recursive, sorted by ordinal
/// path so every run sees the same order). Invalid UTF-8 is never replaced: under
/// <c>strict</c> it is an error naming the file, line and byte offset; otherwise
/// the file (or paragraph) is skipped and reported with the same details.
/// </summary>
public sealed class TextSource : ICorpusSource
{
    private readonly string path;
    private readonly TextSplit split;
    private readonly bool strict;

    /// <param name="description">The file or folder, and how a file is cut into documents.</param>
    /// <param name="strict">Invalid UTF-8 is an error instead of a reported skip.</param>
    public TextSource(TextDescription description, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(description);
        Description = description;
        path = description.Path;
        split = description.Split;
        this.strict = strict;
    }

    /// <param name="path">A text file, or a folder of *.txt.</param>
    /// <param name="split">How a file is cut into documents.</param>
    /// <param name="strict">Invalid UTF-8 is an error instead of a reported skip.</param>
    public TextSource(string path, TextSplit split = TextSplit.File, bool strict = false) : this(new TextDescription(path, split), strict)
    {
    }

    /// <summary>Which file or folder this source reads, and how it is cut.</summary>
    public TextDescription Description { get; }

    /// <inheritdoc />
    public string Name => Description.Id;

    /// <inheritdoc />
    public CorpusReport Report { get; } = new();

    /// <summary>The files read, in order.</summary>
    /// <exception cref="CorpusException">The path does not exist, or a folder holds no *.txt.</exception>
    public IReadOnlyList<string> Files() => CorpusFiles.Under(path, "*.txt", _ => true, "*.txt");

    /// <inheritdoc />
    public IEnumerable<CorpusDocument> Documents(CancellationToken cancellationToken = default)
    {
        var files = Files();
        Report.Reset();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = File.Exists(path) ? Path.GetFileName(file) : Path.GetRelativePath(path, file);
            var documents = split == TextSplit.File ? WholeFile(file, id) : ParagraphsOf(file, id, cancellationToken);
            foreach (var document in documents)
            {
                Report.Yielded(document);
                yield return document;
            }
        }
    }

    private IEnumerable<CorpusDocument> WholeFile(string file, string id)
    {
        var raw = File.ReadAllBytes(file);
        var bytes = StrictUtf8.WithoutBom(raw);
        var text = StrictUtf8.TryDecode(bytes, out var bad);
        if (text is null)
        {
            var offset = bad + (raw.Length - bytes.Length);
            var line = 1 + raw.AsSpan(0, (int)offset).Count((byte)'\n');
            Invalid(file, line, offset);
            yield break;
        }
        yield return new CorpusDocument(id, "", text);
    }

    private IEnumerable<CorpusDocument> ParagraphsOf(string file, string id, CancellationToken cancellationToken)
    {
        using var stream = File.OpenRead(file);
        var lines = new List<string>();
        long first = 0;
        var broken = false;
        foreach (var line in ByteLines.Read(stream, cancellationToken))
        {
            var bytes = line.Number == 1 ? StrictUtf8.WithoutBom(line.Bytes.Span) : line.Bytes.Span;
            var text = StrictUtf8.TryDecode(bytes, out var bad);
            if (text is null)
            {
                Invalid(file, line.Number, line.Offset + bad + (line.Bytes.Length - bytes.Length));
                broken = true;
                continue;
            }
            if (string.IsNullOrWhiteSpace(text))
            {
                if (lines.Count > 0 && !broken) yield return new CorpusDocument($"{id}:{first}", "", string.Join('\n', lines));
                lines.Clear();
                broken = false;
                continue;
            }
            if (lines.Count == 0) first = line.Number;
            lines.Add(text);
        }
        if (lines.Count > 0 && !broken) yield return new CorpusDocument($"{id}:{first}", "", string.Join('\n', lines));
    }

    private void Invalid(string file, long line, long offset)
    {
        var what = split == TextSplit.File ? "file" : "paragraph";
        var message = $"invalid UTF-8 at byte offset {offset} (line {line}); {what} skipped";
        if (strict) throw new CorpusException($"{file}:{line}: invalid UTF-8 at byte offset {offset}");
        Report.Skipped(new CorpusSkip(file, line, message));
    }
}
