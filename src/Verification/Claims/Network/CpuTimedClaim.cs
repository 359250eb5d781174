namespace ProbSig.Verification.Claims.Network;

/// <summary>
/// Adds the CPU seconds a claim's run used to its details. On the shared 2-core machine
/// wall-clock time mostly measures the other jobs; process CPU time is the better
/// estimate of the claim's cost on an idle machine. Models that an earlier claim trained
/// come from the cache and are not counted again.
/// </summary>
internal sealed class CpuTimedClaim(IClaim inner) : IClaim
{
    public ClaimDefinition Definition => inner.Definition;

    public ClaimResult Run(ClaimContext context)
    {
        double start = NetworkKit.CpuSeconds();
        var result = inner.Run(context);
        var details = new Dictionary<string, double>(result.Details) { ["cpu seconds (process)"] = NetworkKit.CpuSeconds() - start };
        return result with { Details = details };
    }
}
