namespace ProbSig.Verification.Claims.Language;

/// <summary>
/// The two Brown genre sets of the LM claims. The models train on Brown's informative
/// prose (374 of the 500 samples); the imaginative prose (126 samples) is the other genre
/// set of C12, whose signatures should predict the models' embeddings less well.
/// </summary>
public static class GenreSplit
{
    /// <summary>Brown's informative prose: press, religion, skills and hobbies, popular lore,
    /// belles lettres, government documents, learned writing.</summary>
    public static readonly IReadOnlyList<string> Training =
        ["news", "editorial", "reviews", "religion", "hobbies", "lore", "belles_lettres", "government", "learned"];

    /// <summary>Brown's imaginative prose: the fiction genres and humour.</summary>
    public static readonly IReadOnlyList<string> Other =
        ["fiction", "mystery", "science_fiction", "adventure", "romance", "humor"];
}
