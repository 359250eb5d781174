namespace ProbSig.Verification.Claims;

/// <summary>
/// Every claim ProbSig checks, in id order, gathered from the families' tables. To add a
/// claim: write its definition as a row of its family's table (e.g. <see cref="LinearModelClaims"/>)
/// naming a measure function in its own file under Claims/, measure its figure over at least
/// five seeds and set the tolerance with a stated margin in the row (README, "Adding a claim").
/// </summary>
public static class ClaimRegistry
{
    /// <summary>All claims of <paramref name="scale"/>.</summary>
    public static IReadOnlyList<IClaim> All(ClaimScale scale = ClaimScale.Cpu) =>
        LinearModelClaims.All()
            .Concat(NetworkClaims.All())
            .Concat(TruncatedFlowClaims.All())
            .Concat(LanguageModelClaims.All())
            .Concat(PretrainedEmbeddingClaims.All())
            .Where(c => c.Definition.Scale == scale)
            .OrderBy(c => int.TryParse(c.Definition.Id.TrimStart('C'), out var n) ? n : int.MaxValue)
            .ThenBy(c => c.Definition.Id, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The claims named in <paramref name="ids"/> (e.g. "C2", "C5").</summary>
    /// <exception cref="ArgumentException">An id that names no claim.</exception>
    public static IReadOnlyList<IClaim> Select(IEnumerable<string> ids, ClaimScale scale = ClaimScale.Cpu)
    {
        var all = All(scale);
        var chosen = new List<IClaim>();
        foreach (var raw in ids)
        {
            var id = raw.Trim();
            var claims = all.Where(c => c.Definition.Id.Equals(id, StringComparison.OrdinalIgnoreCase)
                                        || c.Definition.Id.StartsWith(id + ".", StringComparison.OrdinalIgnoreCase)
                                        || (c.Definition.Id.Length > id.Length && c.Definition.Id.StartsWith(id, StringComparison.OrdinalIgnoreCase) && char.IsLetter(c.Definition.Id[id.Length]))).ToArray();
            if (claims.Length == 0)
                throw new ArgumentException($"claim '{id}' does not exist at {scale} scale; known: {string.Join(", ", all.Select(c => c.Definition.Id))}", nameof(ids));
            chosen.AddRange(claims.Where(c => !chosen.Contains(c)));
        }
        return chosen;
    }
}
