using System.Globalization;
using System.Text;
using System.Text.Json;
using ProbSig.Empirics.Checkpoints;

namespace ProbSig.Cli.Output;

/// <summary>The output formats of `predict` and `signatures`.</summary>
internal enum OutputFormat { Json, Csv, Npy }

/// <summary>Writes labelled matrices as JSON, CSV or .npy.</summary>
internal static class MatrixWriters
{
    /// <summary>Writes a matrix as a JSON array of rows; NaN becomes null.</summary>
    public static void WriteJsonRows(Utf8JsonWriter json, double[,] values)
    {
        json.WriteStartArray();
        for (int i = 0; i < values.GetLength(0); i++)
        {
            json.WriteStartArray();
            for (int j = 0; j < values.GetLength(1); j++) WriteJsonNumber(json, values[i, j]);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    /// <summary>Writes a vector as a JSON array; NaN becomes null.</summary>
    public static void WriteJsonVector(Utf8JsonWriter json, IReadOnlyList<double> values)
    {
        json.WriteStartArray();
        foreach (var v in values) WriteJsonNumber(json, v);
        json.WriteEndArray();
    }

    /// <summary>A number, or null when it is not finite (JSON has no NaN).</summary>
    public static void WriteJsonNumber(Utf8JsonWriter json, double v)
    {
        if (double.IsFinite(v)) json.WriteNumberValue(v);
        else json.WriteNullValue();
    }

    /// <summary>A named number, or null when it is not finite.</summary>
    public static void WriteJsonNumber(Utf8JsonWriter json, string name, double v)
    {
        json.WritePropertyName(name);
        WriteJsonNumber(json, v);
    }

    /// <summary>A named array of numbers; NaN becomes null.</summary>
    public static void WriteJsonVector(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WritePropertyName(name);
        WriteJsonVector(json, values.ToArray());
    }

    /// <summary>Writes a list of strings as a JSON array.</summary>
    public static void WriteJsonStrings(Utf8JsonWriter json, IEnumerable<string> values)
    {
        json.WriteStartArray();
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }

    /// <summary>
    /// CSV with a header row: first cell "token", then the column names; each row starts
    /// with its row name. Numbers use the invariant culture and round-trip precision.
    /// </summary>
    public static void WriteCsv(Stream stream, LabelledMatrix m)
    {
        using var w = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        w.Write("token");
        foreach (var c in m.ColumnNames) { w.Write(','); w.Write(CsvField(c)); }
        w.WriteLine();
        for (int i = 0; i < m.Rows; i++)
        {
            w.Write(CsvField(m.RowNames[i]));
            for (int j = 0; j < m.Columns; j++)
            {
                w.Write(',');
                var v = m.Values[i, j];
                if (double.IsFinite(v)) w.Write(v.ToString("R", CultureInfo.InvariantCulture));
            }
            w.WriteLine();
        }
    }

    /// <summary>Writes the matrix values as a float64 .npy array.</summary>
    public static void WriteNpy(Stream stream, LabelledMatrix m) => Npy.WriteMatrix(stream, m.Values);

    private static string CsvField(string s) =>
        s.IndexOfAny(new[] { ',', '"', '\n' }) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
