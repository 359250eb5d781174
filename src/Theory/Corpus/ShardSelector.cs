using System.Globalization;

namespace ProbSig.Theory.Corpus;

/// <summary>
/// Part <see cref="Index"/> of <see cref="Count"/>: the documents whose 0-based position in
/// the corpus stream satisfies position % Count == Index. Documents are never split, so the
/// n parts partition the corpus's pairs exactly and their merged counts equal one pass.
/// </summary>
public sealed record ShardSelector(int Index, int Count)
{
    /// <summary>The whole corpus (part 0 of 1).</summary>
    public static ShardSelector All { get; } = new(0, 1);

    public int Index { get; } = Count >= 1 && Index >= 0 && Index < Count ? Index
        : throw new ArgumentOutOfRangeException(nameof(Index), $"shard {Index}/{Count}: need 0 <= i < n and n >= 1");

    /// <summary>Whether the document at 0-based <paramref name="position"/> belongs to this part.</summary>
    public bool Selects(long position) => position % Count == Index;

    /// <summary>The items of this part, in order: those whose 0-based position in
    /// <paramref name="items"/> this part <see cref="Selects"/>.</summary>
    public IEnumerable<T> Of<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Selected();

        IEnumerable<T> Selected()
        {
            long position = 0;
            foreach (var item in items)
                if (Selects(position++)) yield return item;
        }
    }

    /// <summary>Parses "i/n" as given to --shard.</summary>
    public static ShardSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            || n < 1 || i >= n)
            throw new FormatException($"shard '{text}': expected i/n with 0 <= i < n, e.g. 0/4");
        return new ShardSelector(i, n);
    }

    /// <summary>
    /// Whether some document position belongs to both parts: i/n and j/m share positions
    /// exactly when i and j agree modulo gcd(n, m) (Chinese remainder theorem), so 0/2 and
    /// 0/4 overlap, 0/2 and 1/4 do not, and the whole corpus 0/1 overlaps every part.
    /// </summary>
    public bool Overlaps(ShardSelector other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int g = Gcd(Count, other.Count);
        return Index % g == other.Index % g;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    public override string ToString() => $"{Index}/{Count}";
}
