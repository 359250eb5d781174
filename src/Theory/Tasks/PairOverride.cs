namespace ProbSig.Theory.Tasks;

/// <summary>
/// A memorised exception to the sum rule: every sequence whose ordered anchor tuple is
/// <paramref name="AnchorIndices"/> gets label k + <paramref name="Offset"/> instead of
/// k + sum of anchor values. A bag-of-tokens linear model cannot represent it, which is
/// why the task offers it (THEORY 5).
/// </summary>
/// <param name="AnchorIndices">0-based anchor indices, one per anchor position (length P), in sequence order.</param>
/// <param name="Offset">The label offset c added to the key.</param>
public sealed record PairOverride(IReadOnlyList<int> AnchorIndices, int Offset)
{
    /// <summary>Value equality with the anchor indices compared element by element.</summary>
    public bool Equals(PairOverride? other) =>
        other is not null && Offset == other.Offset && AnchorIndices.SequenceEqual(other.AnchorIndices);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Offset, AnchorIndices.Count);
}
