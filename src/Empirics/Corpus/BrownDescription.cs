namespace ProbSig.Empirics.Corpus;

/// <summary>The Brown corpus (<see cref="BrownSource"/>), whole or some of its genres.</summary>
public sealed record BrownDescription : SourceDescription
{
    /// <summary>Keeps <paramref name="genres"/> (names from <see cref="BrownSource.Genres"/>); null or empty keeps all.</summary>
    /// <exception cref="CorpusException">An unknown genre; the message lists the genres.</exception>
    public BrownDescription(IEnumerable<string>? genres = null)
    {
        Genres = Canonical(genres);
        foreach (var genre in Genres)
            if (!BrownSource.Genres.Contains(genre))
                throw new CorpusException($"brown: unknown genre '{genre}'; the genres are {string.Join(", ", BrownSource.Genres)}");
    }

    /// <summary>The kept genres in ordinal order; empty keeps all.</summary>
    public IReadOnlyList<string> Genres { get; }

    /// <inheritdoc />
    public override string Id => WithSelection("brown", Genres);

    /// <inheritdoc />
    public override ICorpusSource Open(CorpusOptions? options = null) => new BrownSource(this, options?.BrownFolder);

    /// <summary>The same genres (a list compares by reference otherwise).</summary>
    public bool Equals(BrownDescription? other) => other is not null && Genres.SequenceEqual(other.Genres);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);
}
