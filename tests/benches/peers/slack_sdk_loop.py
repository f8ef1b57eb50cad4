"""Calls conversations.requestSharedInvite.list N times through Slack's official Python SDK
(slack_sdk.WebClient) against a running emulator and prints the mean time per call.

Usage: python3 slack_sdk_loop.py <base_url> <calls>
"""
import sys
import time

from slack_sdk import WebClient

base_url, calls = sys.argv[1], int(sys.argv[2])
client = WebClient(token="xoxb-acme-bot", base_url=base_url)
client.conversations_requestSharedInvite_list()
started = time.perf_counter()
for _ in range(calls):
    client.conversations_requestSharedInvite_list()
per_call = (time.perf_counter() - started) * 1e6 / calls
print(f"slack_sdk (Python {sys.version.split()[0]}): {per_call:.1f} us per call over {calls} calls")
