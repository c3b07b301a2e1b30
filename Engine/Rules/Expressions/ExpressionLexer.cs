namespace PolicyEngine.Engine.Rules.Expressions;

internal enum TokenKind
{
    Identifier,
    Number,
    String,
    Symbol,
}

/// <summary>A token of a rule expression; <see cref="Position"/> is its zero-based character offset.</summary>
internal sealed record Token(TokenKind Kind, string Text, int Position);

/// <summary>
/// Splits a rule expression into tokens for the lexical checks that run before System.Linq.Dynamic.Core
/// parses it. Only the distinctions those checks need are made: string literals are kept whole so
/// that their content is never mistaken for operators, and multi-character operators stay together.
/// </summary>
internal static class ExpressionLexer
{
    private static readonly string[] MultiCharSymbols = ["&&", "||", "==", "!=", "<=", ">=", "<>", "??", "?."];

    public static List<Token> Tokenize(string expression)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < expression.Length)
        {
            char c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '"' or '\'')
            {
                int end = EndOfQuoted(expression, i);
                tokens.Add(new Token(TokenKind.String, expression[i..end], i));
                i = end;
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < expression.Length && char.IsDigit(expression[i + 1]) && !AfterMemberAccess(tokens)))
            {
                int end = EndOfNumber(expression, i);
                tokens.Add(new Token(TokenKind.Number, expression[i..end], i));
                i = end;
            }
            else if (char.IsLetter(c) || c == '_' || c == '@')
            {
                int end = i + 1;
                while (end < expression.Length && (char.IsLetterOrDigit(expression[end]) || expression[end] == '_'))
                {
                    end++;
                }

                tokens.Add(new Token(TokenKind.Identifier, expression[i..end], i));
                i = end;
            }
            else
            {
                string symbol = MultiCharSymbols.FirstOrDefault(s => string.CompareOrdinal(expression, i, s, 0, s.Length) == 0) ?? c.ToString();
                tokens.Add(new Token(TokenKind.Symbol, symbol, i));
                i += symbol.Length;
            }
        }

        return tokens;
    }

    /// <summary>Returns the string value of a literal token, without quotes and with escapes resolved.</summary>
    public static string Unquote(string literal)
    {
        var builder = new System.Text.StringBuilder();
        for (int i = 1; i < literal.Length - 1; i++)
        {
            if (literal[i] == '\\' && i + 1 < literal.Length - 1)
            {
                i++;
            }

            builder.Append(literal[i]);
        }

        return builder.ToString();
    }

    private static bool AfterMemberAccess(List<Token> tokens) =>
        tokens.Count > 0 && tokens[^1].Kind is TokenKind.Identifier or TokenKind.Number;

    private static int EndOfQuoted(string expression, int start)
    {
        char quote = expression[start];
        int i = start + 1;
        while (i < expression.Length && expression[i] != quote)
        {
            i += expression[i] == '\\' ? 2 : 1;
        }

        return Math.Min(i + 1, expression.Length);
    }

    private static int EndOfNumber(string expression, int start)
    {
        int i = start;
        while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] == '.'
            || ((expression[i] is '+' or '-') && expression[i - 1] is 'e' or 'E' && !expression[start..i].StartsWith("0x", StringComparison.OrdinalIgnoreCase))))
        {
            i++;
        }

        return i;
    }
}
