namespace ProbSig.Empirics.Corpus;

/// <summary>The State of the Union addresses (<see cref="SotuSource"/>), all or some years and
/// parties; the id is "sotu", then ":FROM-TO" (or ":YEAR") for a year range, then ":PARTY,.." for
/// parties, e.g. "sotu:1900-1999:Democratic,Republican".</summary>
public sealed record SotuDescription : SourceDescription
{
    /// <param name="parties">Parties to keep (names from <see cref="SotuSource.Parties"/>); null or empty keeps all.</param>
    /// <param name="fromYear">The first year kept; null from the start.</param>
    /// <param name="toYear">The last year kept; null to the end.</param>
    /// <exception cref="CorpusException">An unknown party (the message lists the parties), or a range that ends before it starts.</exception>
    public SotuDescription(IEnumerable<string>? parties = null, int? fromYear = null, int? toYear = null)
    {
        Parties = Canonical(parties);
        foreach (var party in Parties)
            if (!SotuSource.Parties.Contains(party))
                throw new CorpusException($"sotu: unknown party '{party}'; the parties are {string.Join(", ", SotuSource.Parties.Select(p => $"'{p}'"))}");
        if (fromYear > toYear) throw new CorpusException($"sotu: the year range {fromYear}-{toYear} ends before it starts");
        FromYear = fromYear;
        ToYear = toYear;
    }

    /// <summary>The kept parties in ordinal order; empty keeps all.</summary>
    public IReadOnlyList<string> Parties { get; }

    /// <summary>The first year kept; null from the start.</summary>
    public int? FromYear { get; }

    /// <summary>The last year kept; null to the end.</summary>
    public int? ToYear { get; }

    /// <summary>Whether an address of <paramref name="year"/> is in the range.</summary>
    public bool KeepsYear(int year) => (FromYear is null || year >= FromYear) && (ToYear is null || year <= ToYear);

    /// <inheritdoc />
    public override string Id => WithSelection("sotu" + Range(), Parties);

    /// <inheritdoc />
    public override ICorpusSource Open(CorpusOptions? options = null) => new SotuSource(this, options?.SotuFolder);

    /// <summary>"sotu", "sotu:1900-1999", "sotu:1900-1999:Democratic" or "sotu:Democratic,Whig" to
    /// its description (the spec without its "sotu:" prefix is <paramref name="selection"/>;
    /// null or empty keeps all); each ':'-separated part is a year range ("1900-1999", "1900-",
    /// "-1850" or one year "1913") or a list of parties, at most one of each.</summary>
    /// <exception cref="CorpusException">A malformed part, or an unknown party.</exception>
    public static SotuDescription Parse(string? selection)
    {
        if (string.IsNullOrEmpty(selection)) return new SotuDescription();
        int? from = null, to = null;
        string[]? parties = null;
        bool range = false;
        foreach (var part in selection.Split(':'))
        {
            if (TryRange(part, out var f, out var t))
            {
                if (range) throw new CorpusException($"sotu:{selection}: two year ranges");
                (range, from, to) = (true, f, t);
            }
            else
            {
                if (parties is not null) throw new CorpusException($"sotu:{selection}: two party lists (separate parties with ',')");
                parties = part.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parties.Length == 0) throw new CorpusException($"sotu:{selection}: an empty selection part");
            }
        }
        return new SotuDescription(parties, from, to);
    }

    // Digits only around one '-': party names ("Democratic-Republican") never have digits.
    private static bool TryRange(string part, out int? from, out int? to)
    {
        from = to = null;
        if (part.Length == 0 || part.Any(c => !char.IsAsciiDigit(c) && c != '-') || part.Count(c => c == '-') > 1 || part == "-") return false;
        var dash = part.IndexOf('-');
        if (dash < 0)
        {
            from = to = Year(part);
            return true;
        }
        if (dash > 0) from = Year(part[..dash]);
        if (dash < part.Length - 1) to = Year(part[(dash + 1)..]);
        return true;
    }

    private static int Year(string digits) =>
        int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            ? year
            : throw new CorpusException($"sotu: '{digits}' is not a year");

    private string Range() =>
        FromYear is null && ToYear is null ? ""
        : FromYear == ToYear ? $":{FromYear}"
        : $":{FromYear}-{ToYear}";

    /// <summary>The same parties and years (a list compares by reference otherwise).</summary>
    public bool Equals(SotuDescription? other) =>
        other is not null && FromYear == other.FromYear && ToYear == other.ToYear && Parties.SequenceEqual(other.Parties);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);
}
