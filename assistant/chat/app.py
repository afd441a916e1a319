"""The file Chainlit loads (`create_app` sets `config.run.module_name` to it): registers the hooks.

Chainlit learns a chat's hooks only by executing one file, so this file does exactly one thing
when loaded, explicitly; every other module of the chat is inert on import.
"""

from assistant.chat.hooks import register_hooks
from assistant.services import get_services

register_hooks(get_services().settings)
