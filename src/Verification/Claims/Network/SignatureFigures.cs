namespace ProbSig.Verification.Claims.Network;

/// <summary>
/// The four figures by which a trained model's geometry is compared with the task's
/// probability signatures (the C2 to C5 figures, computed here for any model):
/// <list type="bullet">
/// <item>Spearman of observed key cosine against the centred label-signature cosine
/// cos(l_i - u, l_j - u), over the key pairs;</item>
/// <item>|Spearman(PC1 score, key value)| of the key embeddings;</item>
/// <item>fingerprint: Pearson of the detrended distance profiles (observed and signature)
/// over key distances 1..<see cref="NetworkKit.MaxDelta"/>;</item>
/// <item>unembedding: Spearman of the cosine between output vectors against the cosine of
/// the centred output-side signatures m_y - pi (pi = E[phi], the class-mass-weighted mean
/// of the m_y), over the classes that occur.</item>
/// </list>
/// </summary>
internal sealed record SignatureFigures(double Spearman, double Pc1, double Fingerprint, double Unembedding)
{
    /// <summary>The figures of one trained model against the task behind <paramref name="reference"/>.</summary>
    public static SignatureFigures Measure(SignatureReference reference, TrainedModel model)
    {
        var observed = EmbeddingGeometry.Cosine(model.Embedding, reference.Keys);
        double spearman = new SpearmanMetric().Measure(observed, reference.KeyCosine);
        double pc1 = OrderedStructure.Pc1ValueSpearman(EmbeddingGeometry.Rows(model.Embedding, reference.Keys),
            reference.Keys.Select(k => (double)k).ToArray());
        double fingerprint = DistanceProfile.Fingerprint(
            DistanceProfile.Compute(observed, reference.Keys, NetworkKit.MaxDelta), reference.KeyProfile);
        var outputObserved = EmbeddingGeometry.Cosine(model.Unembedding, reference.Classes);
        double unembedding = new SpearmanMetric().Measure(outputObserved, reference.ClassCosine);
        return new SignatureFigures(spearman, pc1, fingerprint, unembedding);
    }

    /// <summary>The permutation null of the headline Spearman for one model.</summary>
    public static PermutationResult Null(SignatureReference reference, TrainedModel model, int seed) =>
        PermutationNull.Test(new SpearmanMetric(), EmbeddingGeometry.Cosine(model.Embedding, reference.Keys),
            reference.KeyCosine, NetworkKit.Permutations, seed);
}

/// <summary>
/// The signature side of <see cref="SignatureFigures"/> for one task, computed once:
/// key cosines, the key distance profile, and the output-side class cosines.
/// </summary>
internal sealed class SignatureReference
{
    /// <summary>The task's signatures (counts map).</summary>
    public SignatureSet Signatures { get; }

    /// <summary>Key token ids (a key's id is its value).</summary>
    public IReadOnlyList<int> Keys { get; }

    /// <summary>Centred label-signature cosine over the keys.</summary>
    public Matrix<double> KeyCosine { get; }

    /// <summary>D(delta) of <see cref="KeyCosine"/>, delta = 1..MaxDelta.</summary>
    public double[] KeyProfile { get; }

    /// <summary>Classes with positive probability.</summary>
    public IReadOnlyList<int> Classes { get; }

    /// <summary>Cosine of the centred output-side signatures m_y - pi over <see cref="Classes"/>.</summary>
    public Matrix<double> ClassCosine { get; }

    /// <summary>Computes the reference of <paramref name="task"/>.</summary>
    public SignatureReference(CompositeAdditionTask task)
    {
        Signatures = SignatureSet.Compute(task.Population, FeatureMap.Counts(task.VocabularySize));
        Keys = task.KeyTokens.Where(Signatures.IsDefined).ToArray();
        KeyCosine = SignatureSimilarity.Centred(Signatures, Keys);
        KeyProfile = DistanceProfile.Compute(KeyCosine, Keys, NetworkKit.MaxDelta);
        Classes = Enumerable.Range(0, Signatures.ClassCount).Where(Signatures.IsClassDefined).ToArray();
        var pi = Signatures.TokenMass;
        var centred = new double[Classes.Count, Signatures.FeatureCount];
        for (int i = 0; i < Classes.Count; i++)
            for (int s = 0; s < Signatures.FeatureCount; s++)
                centred[i, s] = Signatures.OutputSignatures[Classes[i], s] - pi[s];
        ClassCosine = EmbeddingGeometry.Cosine(centred);
    }
}
