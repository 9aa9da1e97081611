namespace Sim.Cli;

/// <summary>Bad input from the user: reported as one message on stderr with exit code 2, never a stack trace.</summary>
internal sealed class UserInputException(string message) : Exception(message);
