namespace ProbSig.Verification.Claims.Linear;

/// <summary>
/// C3: the trained key embeddings lie along a line in key order: their first principal
/// component ranks the keys by value (THEORY 6: |Spearman| = 1.00, PC1 64% of the variance).
/// </summary>
internal static class OrderedStructureClaim
{
    /// <summary>Measures the claim over its seeds.</summary>
    public static ClaimMeasurement Measure(ClaimDefinition claim, ClaimContext context)
    {
        var s = DefaultLinearSetting.Instance;
        var runs = s.TrainedAll(context, claim.Seeds);
        var keyRows = runs.Select(r => EmbeddingGeometry.Rows(r.Embedding, s.Keys)).ToArray();
        var perSeed = keyRows.Select(m => OrderedStructure.Pc1ValueSpearman(m, s.KeyValues)).ToArray();
        var explained = keyRows.Select(OrderedStructure.Pc1ExplainedVariance).ToArray();

        var details = new Dictionary<string, double>
        {
            ["pc1_explained_variance_mean"] = Mean(explained),
            ["pc1_explained_variance_min"] = explained.Min(),
            ["pc1_explained_variance_max"] = explained.Max(),
            ["abs_spearman_min_over_seeds"] = perSeed.Min(),
        };
        var artifacts = new List<Artifact>
        {
            new PlotArtifact("c3_pc1_vs_key", $"C3: PC1 score of each key embedding against the key (seed {claim.Seeds[0]})",
                "key", "PC1 score", [new Series("keys", s.KeyValues, Pc1Scores(keyRows[0]))], Scatter: true),
        };

        double measured = Mean(perSeed);
        return new ClaimMeasurement
        {
            PerSeed = perSeed,
            Details = details,
            Artifacts = artifacts,
            Finding = $"|Spearman(PC1, key)| {F(measured)}, PC1 explains {F(100 * Mean(explained), 0)}% of the key variance (reference 1.00 and 64%).",
        };
    }

    /// <summary>Scores on the first principal component of the column-centred rows, the
    /// sign fixed so that the score rises with the key (the direction's sign is arbitrary).</summary>
    private static double[] Pc1Scores(Matrix<double> rows)
    {
        var means = rows.ColumnSums() / rows.RowCount;
        var centred = rows - Matrix<double>.Build.Dense(rows.RowCount, rows.ColumnCount, (_, j) => means[j]);
        var scores = (centred * centred.Svd(computeVectors: true).VT.Row(0)).ToArray();
        return scores[^1] >= scores[0] ? scores : scores.Select(x => -x).ToArray();
    }
}
