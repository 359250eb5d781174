namespace ProbSig.Empirics.Claims;

/// <summary>Claims C6 to C8: feed-forward networks, interventions, and where the theory stops.</summary>
public static class NetworkClaims
{
    /// <summary>The claims of this file.</summary>
    public static IReadOnlyList<IClaim> All() => Array.Empty<IClaim>();
}
