import ArgumentParser
import Vapor
@main struct RapportCommand: ParsableCommand { func run() {} }
