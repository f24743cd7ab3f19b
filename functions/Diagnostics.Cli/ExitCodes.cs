namespace Diagnostics.Cli;

/// <summary>The exit codes collectors and scripts rely on (DESIGN §10).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Blocked = 3;
    public const int InputRejected = 4;
}
