namespace ProbSig.Cli.Output;

/// <summary>
/// Where a verb's matrices go: JSON to one file (or standard output); a single matrix
/// as CSV or .npy to one file (CSV may go to standard output); several matrices as CSV
/// or .npy to one file per matrix in a folder, with labels.json naming rows and columns.
/// Every file is written atomically.
/// </summary>
internal static class MatrixOutput
{
    public static void Write(string? outPath, OutputFormat format, IReadOnlyList<LabelledMatrix> matrices,
        Action<Stream> writeJson, Action<string>? writeExtras = null, bool overwrite = false, string owner = "signatures")
    {
        switch (format)
        {
            case OutputFormat.Json when outPath is null:
                using (var stdout = Console.OpenStandardOutput()) writeJson(stdout);
                return;
            case OutputFormat.Json:
                AtomicOutput.WriteNewFile(outPath, writeJson, overwrite);
                return;
            case OutputFormat.Csv when outPath is null && matrices.Count == 1:
                using (var stdout = Console.OpenStandardOutput()) MatrixWriters.WriteCsv(stdout, matrices[0]);
                return;
            case OutputFormat.Csv when matrices.Count == 1:
                AtomicOutput.WriteNewFile(outPath!, s => MatrixWriters.WriteCsv(s, matrices[0]), overwrite);
                return;
            case OutputFormat.Npy when matrices.Count == 1 && outPath is not null:
                AtomicOutput.WriteNewFile(outPath, s => MatrixWriters.WriteNpy(s, matrices[0]), overwrite);
                return;
            case OutputFormat.Npy when matrices.Count == 1:
                throw new CliUsageException("--out", "", "--format npy is binary: give --out FILE");
            case OutputFormat.Csv or OutputFormat.Npy when outPath is null:
                throw new CliUsageException("--out", "", $"--format {format.ToString().ToLowerInvariant()} writes a folder of files: give --out DIR");
            default:
                AtomicOutput.WriteFolder(outPath!, owner, dir =>
                {
                    foreach (var m in matrices)
                    {
                        var file = Path.Combine(dir, m.Name + (format == OutputFormat.Csv ? ".csv" : ".npy"));
                        using var s = File.Create(file);
                        if (format == OutputFormat.Csv) MatrixWriters.WriteCsv(s, m);
                        else MatrixWriters.WriteNpy(s, m);
                    }
                    // Token and class names beside the matrices, so .npy rows can be read.
                    using (var s = File.Create(Path.Combine(dir, "labels.json"))) WriteLabels(s, matrices);
                    writeExtras?.Invoke(dir);
                }, overwrite);
                return;
        }
    }

    private static void WriteLabels(Stream s, IReadOnlyList<LabelledMatrix> matrices)
    {
        using var json = new System.Text.Json.Utf8JsonWriter(s, new System.Text.Json.JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        foreach (var m in matrices)
        {
            json.WritePropertyName(m.Name);
            json.WriteStartObject();
            json.WritePropertyName("rows");
            MatrixWriters.WriteJsonStrings(json, m.RowNames);
            json.WritePropertyName("columns");
            MatrixWriters.WriteJsonStrings(json, m.ColumnNames);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
