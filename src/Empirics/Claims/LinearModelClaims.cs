namespace ProbSig.Empirics.Claims;

/// <summary>Claims C1 to C5: the linear model on the composite addition task.</summary>
public static class LinearModelClaims
{
    /// <summary>The claims of this file.</summary>
    public static IReadOnlyList<IClaim> All() => Array.Empty<IClaim>();
}
