namespace ProbSig.Verification.Claims;

/// <summary>One claim: its definition and the experiment that measures it.</summary>
public interface IClaim
{
    /// <summary>What the claim says and how it is judged.</summary>
    ClaimDefinition Definition { get; }

    /// <summary>
    /// Runs the experiment over every seed of the definition. Trained models shared with
    /// other claims come from <paramref name="context"/>, so each is trained once per
    /// process. Progress lines (what is training, which seed) go to
    /// <see cref="ClaimContext.Progress"/>.
    /// </summary>
    ClaimResult Run(ClaimContext context);

    /// <summary>The same claim run over <paramref name="seeds"/> instead of its own (`verify
    /// --seeds`, to re-measure a tolerance): the definition is unchanged but for its seeds, so
    /// the report states the seeds that ran.</summary>
    IClaim WithSeeds(IReadOnlyList<int> seeds);
}
