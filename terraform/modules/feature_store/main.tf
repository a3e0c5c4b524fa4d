variable "table_prefix" {
  description = "STILLWATER_TABLE_PREFIX: tables <prefix>-blue, <prefix>-green, <prefix>-registry (DynamoSlots.java)."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for table encryption."
  type        = string
}

variable "deletion_protection" {
  type = bool
}

variable "slot_ttl_attribute" {
  description = "Epoch-seconds TTL attribute on slot items; empty leaves TTL off."
  type        = string
}

locals {
  slots = toset(["blue", "green"])
}

# One table per slot. Key schema as DynamoDbOnlineStore/DynamoTables create it: a single string hash key
# pk = "<entity>#<id>"; the other attributes (ent, id, newest_event_ms, state) are not keys and need no definition.
resource "aws_dynamodb_table" "slot" {
  for_each = local.slots

  name                        = "${var.table_prefix}-${each.key}"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  dynamic "ttl" {
    for_each = var.slot_ttl_attribute == "" ? [] : [var.slot_ttl_attribute]
    content {
      enabled        = true
      attribute_name = ttl.value
    }
  }

  tags = {
    Component = "feature-store"
    Slot      = each.key
  }
}

# The generation registry: one item, pk = "registry", holding the JSON document and its version
# (DynamoDbGenerationRegistry.java). No TTL: the registry must never expire.
resource "aws_dynamodb_table" "registry" {
  name                        = "${var.table_prefix}-registry"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "pk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = {
    Component = "feature-store"
  }
}

output "table_prefix" {
  description = "The prefix, once the tables exist."
  value       = trimsuffix(aws_dynamodb_table.registry.name, "-registry")
}

output "slot_table_arns" {
  description = "Slot name -> table ARN."
  value       = { for slot, t in aws_dynamodb_table.slot : slot => t.arn }
}

output "registry_table_arn" {
  value = aws_dynamodb_table.registry.arn
}
