using System.CommandLine;
using System.Text.Json;
using ProbSig.Cli.Options;
using ProbSig.Cli.Output;
using ProbSig.Theory.Signatures;
using ProbSig.Theory.Tasks;

namespace ProbSig.Cli.Commands;

/// <summary>
/// `probsig signatures`: the probability signatures of a composite addition task
/// (THEORY 2): token mass, label signatures, A, Sigma, output-side signatures and the
/// signature cosine matrices. Undefined entries (tokens that never occur) are null in
/// JSON, empty in CSV and NaN in .npy.
/// </summary>
internal static class SignaturesCommand
{
    public static Command Create()
    {
        var task = new TaskOptions();
        var output = new OutputOptions();
        var command = new Command("signatures", "Probability signatures and the matrices A and Sigma of a composite addition task.");
        task.AddTo(command);
        output.AddTo(command);

        command.SetAction(r =>
        {
            var format = output.ParseFormat(r);
            // csv and npy write one file per matrix into a folder; json one file.
            output.CheckBeforeWork(r, folder: format != OutputFormat.Json, owner: "signatures");
            var instance = CompositeAdditionTask.Create(task.ToConfig(r));
            var population = task.ToPopulation(r, instance);
            var features = task.ToFeatureMap(r, population);
            var set = SignatureSet.Compute(population, features);

            var tokens = Enumerable.Range(0, features.Dimension).Select(i => features.FeatureName(i, instance.TokenNames)).ToArray();
            var classes = instance.ClassNames;
            var mass = new double[1, tokens.Length];
            for (int s = 0; s < tokens.Length; s++) mass[0, s] = set.TokenMass[s];
            var matrices = new[]
            {
                new LabelledMatrix("token_mass", new[] { "pi" }, tokens, mass),
                new LabelledMatrix("label_signature", tokens, classes, set.LabelSignatures.ToArray()),
                new LabelledMatrix("A", classes, tokens, set.A.ToArray()),
                new LabelledMatrix("sigma", tokens, tokens, set.Sigma.ToArray()),
                new LabelledMatrix("output_signature", classes, tokens, set.OutputSignatures.ToArray()),
                new LabelledMatrix("signature_cosine", tokens, tokens, SignatureSimilarity.Centred(set).ToArray()),
                new LabelledMatrix("signature_cosine_uncentred", tokens, tokens, SignatureSimilarity.Uncentred(set).ToArray()),
            };

            void WriteJson(Stream s)
            {
                using var json = new Utf8JsonWriter(s);
                json.WriteStartObject();
                json.WritePropertyName("tokens");
                MatrixWriters.WriteJsonStrings(json, tokens);
                json.WritePropertyName("classes");
                MatrixWriters.WriteJsonStrings(json, classes);
                json.WriteString("features", features.Kind.ToString().ToLowerInvariant());
                json.WriteNumber("sequences", population.Samples.Count);
                json.WriteBoolean("empirical", population.IsEmpirical);
                json.WriteString("signature_cosine_note", "signature_cosine is cos(A[:,i], A[:,j]) = cos(l_i - u, l_j - u); signature_cosine_uncentred is cos(l_i, l_j); null where a token never occurs");
                json.WritePropertyName("token_mass");
                MatrixWriters.WriteJsonVector(json, set.TokenMass);
                foreach (var m in matrices.Skip(1))
                {
                    json.WritePropertyName(m.Name);
                    MatrixWriters.WriteJsonRows(json, m.Values);
                }
                json.WriteEndObject();
                json.Flush();
                s.WriteByte((byte)'\n');
            }

            MatrixOutput.Write(r.GetValue(output.Out), format, matrices, WriteJson, overwrite: r.GetValue(output.Overwrite));
            return 0;
        });
        return command;
    }
}
